#!/usr/bin/env bash
# `make deb-test`: installs build/deb/nqtrack_<version>_amd64.deb on this machine with dpkg -i,
# checks what the maintainer scripts did (system user, configuration, store created once),
# runs the server as its unit does and asks it (scripts/deb_run_as_unit.py), then purges the
# package and checks that nothing of it is left. Needs root; refuses to touch an nqtrack that
# was installed before.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(dpkg-parsechangelog -S Version)
deb="build/deb/nqtrack_${version}_amd64.deb"
step() { echo "deb-test: $*"; }
[ "$(id -u)" -eq 0 ] || { echo "deb-test: run as root: it installs the package" >&2; exit 1; }
[ -f "$deb" ] || { echo "deb-test: $deb is missing; run make deb" >&2; exit 1; }
if dpkg-query -W -f='${Status}' nqtrack 2>/dev/null | grep -q installed; then
  echo "deb-test: nqtrack is already installed here; not touching it" >&2
  exit 1
fi
cleanup() { dpkg --purge nqtrack >/dev/null 2>&1 || true; }
trap cleanup EXIT

step "install: dpkg -i $deb"
dpkg -i "$deb"
test -x /usr/bin/nqtrack
test -f /usr/share/nqtrack/web/index.html
test -f /usr/share/man/man1/nqtrack.1.gz
grep -q '^NQ_DB=' /etc/nqtrack/nqtrack.conf
getent passwd nqtrack >/dev/null
test "$(stat -c %U /var/lib/nqtrack/nqtrack.db)" = nqtrack
grep -q 'has password' /var/lib/nqtrack/initial-admin-password
test "$(stat -c %a /var/lib/nqtrack/initial-admin-password)" = 600
step "installed: binary, web UI, man page, /etc/nqtrack/nqtrack.conf, user nqtrack, store created"
systemd-analyze verify /lib/systemd/system/nqtrack.service
step "the installed unit passes systemd-analyze verify"

python3 scripts/deb_run_as_unit.py

step "reinstall keeps the store: dpkg -i again"
before=$(stat -c %Y /var/lib/nqtrack/nqtrack.db)
dpkg -i "$deb" >/dev/null
test "$(stat -c %Y /var/lib/nqtrack/nqtrack.db)" = "$before"

step "purge"
dpkg --purge nqtrack
test ! -e /usr/bin/nqtrack
test ! -e /etc/nqtrack
test ! -e /var/lib/nqtrack
! getent passwd nqtrack >/dev/null
trap - EXIT
step "ok: install → start → request → stop → purge"
