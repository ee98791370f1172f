#!/usr/bin/env bash
# The README's main command: set up, then run the demo against bedrock-local (or real Bedrock when
# AWS credentials and LODE_MODEL_ID are set).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >&2
pnpm --silent demo
