#!/usr/bin/env bash
# The README's main command: set up, then run the demo against bedrock-local (or real Bedrock when
# AWS credentials and LODE_MODEL_ID are set).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >&2
# The AWS SDK warns that its 2027 releases will need Node 22; this machine runs Node 20.
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED="${AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED:-true}"
pnpm --silent demo "$@"
