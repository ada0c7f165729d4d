#!/usr/bin/env bash
# Installs what a fresh Debian machine lacks: npm packages from the lockfile, Debian's
# redis-server when no REDIS_URL is given, espeak-ng and sox for the 12319 prompts, and with
# --browser (npm test) Debian's Chromium and a CJK font for the admin console's browser tests;
# a browser is never downloaded otherwise.
# Safe to run again: it only acts on what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages from the lockfile"
  # Not `npm ci`: npm 11 leaves other platforms' optional binaries (swc, esbuild) out of the
  # lockfile and then refuses it as out of sync. `npm install` follows the same lockfile.
  npm install --no-audit --no-fund --loglevel=error
fi

apt_install() {
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: $* is missing; install it with: sudo apt-get install -y $*" >&2
    exit 1
  fi
  echo "setup: installing $* from Debian's archive"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if [ -z "${REDIS_URL:-}" ] && ! command -v redis-server >/dev/null 2>&1; then
  apt_install redis-server
fi

# The 12319 prompts are spoken by espeak-ng (voice cmn) and resampled by sox at build time.
telephony_missing=()
command -v espeak-ng >/dev/null 2>&1 || telephony_missing+=(espeak-ng)
command -v sox >/dev/null 2>&1 || telephony_missing+=(sox)
if [ ${#telephony_missing[@]} -gt 0 ]; then
  apt_install "${telephony_missing[@]}"
fi

if [ "${1:-}" = "--browser" ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  # Without a CJK font the console's Chinese renders as boxes in the screenshots.
  fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-wqy-microhei)
  if [ ${#missing[@]} -gt 0 ]; then
    apt_install "${missing[@]}"
  fi
fi
