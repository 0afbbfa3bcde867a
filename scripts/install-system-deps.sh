#!/usr/bin/env bash
# The browser tests drive a real headless Chromium through chromedriver. Install both
# from the distribution's packages when they are missing and we may (root); otherwise
# say what is missing: the browser tests fail, not skip, without them.
set -euo pipefail
have() { command -v "$1" >/dev/null 2>&1; }
if (have chromium || have chromium-browser) && have chromedriver; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && have apt-get; then
  echo "installing chromium and chromium-driver for the browser tests" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
else
  echo "chromium and chromedriver are needed for the browser tests:" >&2
  echo "  sudo apt-get install chromium chromium-driver" >&2
fi
