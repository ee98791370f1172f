#!/usr/bin/env bash
# Installs pnpm (if missing) and the workspace's dependencies exactly as the lockfile records them.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v pnpm >/dev/null 2>&1 || [[ "$(pnpm --version)" != 10.* ]]; then
  npm install -g pnpm@10 >/dev/null
fi
pnpm install --frozen-lockfile --prefer-offline
