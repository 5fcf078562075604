#!/bin/sh
# Make a headless Java runtime available for the Spark backend of linkage (tests/linkage runs the
# same tests on DuckDB and on local Spark). Installs Debian's openjdk-17-jre-headless, or the
# release's default-jre-headless where 17 is gone. Never fails the build: without Java the Spark
# tests fail with a message naming this script. Usage: scripts/ensure-java.sh
if command -v java >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "ensure-java: not root and no passwordless sudo; the Spark linkage tests will fail" >&2
  exit 0
fi
apt_install() {
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$1" \
    >/dev/null 2>&1
}
if command -v apt-get >/dev/null 2>&1; then
  $SUDO apt-get update >/dev/null 2>&1
  apt_install openjdk-17-jre-headless || apt_install default-jre-headless
fi
if command -v java >/dev/null 2>&1; then
  echo "ensure-java: $(java -version 2>&1 | head -n 1) installed"
else
  echo "ensure-java: could not install a Java runtime; the Spark linkage tests will fail" >&2
fi
exit 0
