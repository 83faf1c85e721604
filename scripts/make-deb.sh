#!/usr/bin/env bash
# `make deb`: builds build/deb/nqtrack_<version>_amd64.deb with dpkg-buildpackage, then checks
# it the way Debian would: lintian must find no error, and the systemd unit inside the package
# must pass `systemd-analyze verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
tools=(debhelper lintian help2man fakeroot)
missing=()
for p in "${tools[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "deb: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

version=$(dpkg-parsechangelog -S Version)
parent=$(cd .. && pwd)
dpkg-buildpackage -b -us -uc
mkdir -p build/deb
for f in "nqtrack_${version}_amd64.deb" "nqtrack-dbgsym_${version}_amd64.deb" \
         "nqtrack_${version}_amd64.buildinfo" "nqtrack_${version}_amd64.changes"; do
  [ -e "$parent/$f" ] && mv -f "$parent/$f" build/deb/
done
deb="build/deb/nqtrack_${version}_amd64.deb"
echo "deb: built $deb ($(du -h "$deb" | cut -f1))"

echo "deb: lintian"
lintian --fail-on error --tag-display-limit 0 "$deb"

# The unit is verified inside the package's own files (its ExecStart must be there), beside the
# system's standard units it depends on (sysinit.target and the rest).
echo "deb: systemd-analyze verify"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg-deb -x "$deb" "$root"
unit=$(find "$root" -name nqtrack.service -path '*systemd/system*' | head -1)
[ -n "$unit" ] || { echo "deb: no systemd unit in the package" >&2; exit 1; }
test -f "$root/usr/share/man/man1/nqtrack.1.gz" || { echo "deb: no man page" >&2; exit 1; }
cp -rn /lib/systemd/system/. "$(dirname "$unit")/"
systemd-analyze verify --man=no --root="$root" "${unit#"$root"}"
echo "deb: ok: lintian without errors, the unit verified"
