#!/usr/bin/env bash
# The browser tests drive a Chromium through playwright-core (which downloads no browser). They take, in
# this order (test/browser/support/chromium-path.ts): LODE_CHROMIUM, /usr/bin/chromium, a chromium on PATH,
# the browser Playwright downloaded. This finds one the same way; if there is none, it installs Debian's
# chromium with apt when running as root on Debian or Ubuntu, and otherwise says what to install.
set -euo pipefail
cd "$(dirname "$0")/.."
hint="Set LODE_CHROMIUM to a Chromium or Chrome executable, install Debian's or Ubuntu's chromium \
(apt-get install chromium, as root), or download Playwright's own build: \
pnpm --dir test exec playwright-core install chromium."

if [[ -n "${LODE_CHROMIUM:-}" ]]; then
  if [[ -f "$LODE_CHROMIUM" && -x "$LODE_CHROMIUM" ]]; then exit 0; fi
  echo "LODE_CHROMIUM is $LODE_CHROMIUM, which is not an executable file. $hint" >&2
  exit 1
fi
if [[ -x /usr/bin/chromium ]] || command -v chromium >/dev/null 2>&1; then exit 0; fi
# Playwright's download, when there is one (its place depends on the OS and PLAYWRIGHT_BROWSERS_PATH).
if [[ -d test/node_modules/playwright-core ]] && (cd test && node --input-type=module -e \
  "import { existsSync } from 'node:fs'; import { chromium } from 'playwright-core'; process.exit(existsSync(chromium.executablePath()) ? 0 : 1);") 2>/dev/null; then
  exit 0
fi

os_family=""
if [[ -r /etc/os-release ]]; then os_family="$(. /etc/os-release && echo "${ID:-} ${ID_LIKE:-}")"; fi
if [[ "$(id -u)" != 0 || ! " $os_family " =~ [[:space:]](debian|ubuntu)[[:space:]] ]]; then
  echo "The browser tests need Chromium, and none was found. $hint" >&2
  exit 1
fi
echo "Installing chromium with apt for the browser tests…" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
if ! apt-get install -y -qq chromium >/dev/null; then
  echo "apt-get could not install chromium. $hint" >&2
  exit 1
fi
