#!/usr/bin/env bash
# Refreshes the README's screenshots, on purpose only: the main one (docs/screenshot-main.png) from the app e2e run,
# and the schema view on FB15k-237 (docs/screenshot-schema.png; the KG imported into a temp folder, ~15 s).
set -euo pipefail
cd "$(dirname "$0")/.."
npx electron-vite build
RELATA_README_SCREENSHOTS=1 npx playwright test e2e/app.spec.ts
datasets="${RELATA_DATASETS:-../shared/datasets}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
node bin/relata.mjs import "$datasets/fb15k-237" --db "$tmp/fb15k-237.sqlite" --format benchmark
node --import tsx scripts/readme-schema-screenshot.ts "$tmp/fb15k-237.sqlite" docs/screenshot-schema.png
