#!/usr/bin/env bash
# The browser tests drive Debian's chromium through playwright-core (which downloads no browser).
# Installs it with apt when it is missing; says what to do when this user cannot.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then exit 0; fi
if [[ "$(id -u)" != 0 ]] && ! command -v sudo >/dev/null 2>&1; then
  echo "The browser tests need Debian's chromium: run 'apt-get install chromium' as root." >&2
  exit 1
fi
as_root=()
[[ "$(id -u)" != 0 ]] && as_root=(sudo)
echo "Installing Debian's chromium for the browser tests…" >&2
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq chromium >/dev/null
