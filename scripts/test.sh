#!/usr/bin/env bash
# `npm test`: sets up, then runs every check: lint, typecheck, unit, integration and E2E tests.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/utf8-locale.sh
bash scripts/setup.sh

step() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

step "Lint (ESLint + Prettier)"
npx eslint .
npx prettier --check . >/dev/null || { npx prettier --check .; exit 1; }

step "Typecheck"
npx tsc -p tsconfig.json --noEmit

step "Unit tests"
npx vitest run --project unit

step "Integration tests"
npx vitest run --project integration

step "E2E tests (Electron if installed, otherwise Chromium against the web host)"
npx playwright test -c tests/e2e/playwright.config.ts
