#!/usr/bin/env bash
# Refreshes the README's main screenshot (docs/screenshot-main.png) from the app e2e run, on purpose only.
set -euo pipefail
cd "$(dirname "$0")/.."
npx electron-vite build
RELATA_README_SCREENSHOTS=1 npx playwright test e2e/app.spec.ts
