#!/usr/bin/env bash
# The README's test command: set up, then type-check, lint, build the API docs, run every test and smoke-run
# every benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [[ -d test/browser ]]; then bash scripts/install-chromium.sh; fi
# The three static checks run side by side (each is mostly one thread); every one must pass.
pnpm typecheck &
typecheck=$!
pnpm run docs &
docs=$!
pnpm lint
wait "$typecheck"
wait "$docs"
pnpm test
# The user's path: the packed release installed with npm outside the workspace, on Node 20, 22 and 24.
pnpm test:installed
# A smoke run of every benchmark, no time assertions: tiny sizes, so it shows each still runs and computes
# its figures (it fails on one that throws or prints NaN, undefined or Infinity), in about a minute.
pnpm bench:smoke
