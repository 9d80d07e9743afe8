#!/usr/bin/env bash
# Writes the e2e screenshot baselines (e2e/screenshots/) afresh, on purpose only: a plain test run never writes one
# (playwright.config.ts: updateSnapshots 'none'), and fails when one is missing. Look at the new PNGs before
# committing them; then a plain run checks that the specs pass against them. Usage:
# [RELATA_E2E_PORT=N] scripts/update-screenshot-baselines.sh [spec ...] (default: e2e/layout.spec.ts)
set -euo pipefail
cd "$(dirname "$0")/.."
specs=("$@")
[ ${#specs[@]} -gt 0 ] || specs=(e2e/layout.spec.ts)
npx electron-vite build
npx playwright test "${specs[@]}" --update-snapshots=all
npx playwright test "${specs[@]}"
git status --short e2e/screenshots/
