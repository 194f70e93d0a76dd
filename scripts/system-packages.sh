#!/bin/sh
# The Debian packages `make test` needs besides Python: headless Chromium and its driver, for
# the browser tests, and PostgreSQL's server binaries (initdb, pg_ctl), for the tests that run
# the store on a PostgreSQL server they start themselves; Perl's Encode, a second decoder of
# email subjects besides Python's. Installed when this user can (root, or sudo without a password); otherwise
# one message saying what to install. Safe to re-run: does nothing when they are there.
set -e
need=""
command -v chromium >/dev/null 2>&1 || need="$need chromium"
command -v chromedriver >/dev/null 2>&1 || need="$need chromium-driver"
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need="$need postgresql"
perl -MEncode::MIME::Header -e 1 >/dev/null 2>&1 || need="$need perl"
[ -z "$need" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "setup: install$need (headless Chromium and PostgreSQL, for the tests); no apt-get here" >&2
  exit 0
fi
if [ "$(id -u)" = "0" ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "setup: cannot install Debian packages as this user: run 'sudo apt-get install -y$need'," \
       "then 'make test' (the tests need headless Chromium and PostgreSQL's server)" >&2
  exit 0
fi
echo "setup: installing$need from Debian's packages"
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086
$SUDO apt-get install -y -q $need >/dev/null 2>&1 \
  || { $SUDO apt-get update -q >/dev/null && $SUDO apt-get install -y -q $need >/dev/null; }
