#!/usr/bin/env bash
# Builds every package and packs it as a release would publish it (publishConfig applied, workspace
# ranges replaced by versions) into .packs/, or the folder given as $1. Prints the tarballs' paths.
set -euo pipefail
cd "$(dirname "$0")/.."
dest="$(realpath -m "${1:-.packs}")"
rm -rf "$dest"
mkdir -p "$dest"
pnpm -r --filter "./packages/*" pack --pack-destination "$dest" >/dev/null
# Inside the workspace the packages run from their TypeScript source (bedrock-local's bin runs dist/ when
# there is one): leave no build behind to go stale.
rm -rf packages/*/dist
ls "$dest"/*.tgz
