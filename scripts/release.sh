#!/usr/bin/env bash
# Publishes every package whose version is not published yet (after `pnpm changeset version` has applied
# the pending changesets). `pnpm release --dry-run` shows what would be published and changes nothing:
# the pending changesets and the version each package would get, then each tarball's contents.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--dry-run" ]]; then
  pnpm exec changeset status --verbose
  pnpm -r --filter "./packages/*" publish --dry-run --no-git-checks --access public
else
  pnpm exec changeset publish
fi
