#!/usr/bin/env bash
# Set-up on a fresh machine: Debian's Chromium for the end-to-end tests when it is missing
# (Playwright cannot download its own browser here), then the locked npm dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

chromium_path="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium_path" ]; then
  echo "[setup] chromium: $chromium_path"
elif command -v apt-get >/dev/null 2>&1; then
  echo "[setup] $chromium_path is missing: installing Debian's chromium"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update </dev/null
  $sudo apt-get install -y chromium fonts-dejavu-core </dev/null
  if [ "$chromium_path" != /usr/bin/chromium ]; then
    echo "[setup] installed /usr/bin/chromium; CHROMIUM_PATH=$chromium_path still points elsewhere"
  fi
else
  echo "[setup] no $chromium_path and no apt-get: set CHROMIUM_PATH for the end-to-end tests"
fi

echo "[setup] npm ci"
npm ci --no-audit --no-fund </dev/null
