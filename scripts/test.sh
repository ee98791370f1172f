#!/usr/bin/env bash
# The README's test command: set up, then type-check, lint and run every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [[ -d test/browser ]]; then bash scripts/install-chromium.sh; fi
pnpm typecheck
pnpm lint
pnpm run docs
pnpm test
