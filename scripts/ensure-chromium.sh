#!/bin/sh
# Make Debian's Chromium available for the browser tests (tests/browser). Never fails the build:
# without Chromium those tests are skipped with a loud reason. Usage: scripts/ensure-chromium.sh
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "ensure-chromium: not root and no passwordless sudo; browser tests will be skipped" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if command -v apt-get >/dev/null 2>&1; then
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >/dev/null 2>&1 \
    || { $SUDO apt-get update >/dev/null 2>&1 && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium >/dev/null 2>&1; }
fi
if [ -x /usr/bin/chromium ]; then
  echo "ensure-chromium: /usr/bin/chromium installed"
else
  echo "ensure-chromium: could not install chromium; browser tests will be skipped" >&2
fi
exit 0
