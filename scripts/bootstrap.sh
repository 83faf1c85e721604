#!/usr/bin/env bash
# Installs every Debian package the build and the tests need; does nothing when they are present.
set -euo pipefail
packages=(
  build-essential cmake ninja-build ccache pkg-config
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev sqlite3 libicu-dev libfmt-dev libspdlog-dev libcli11-dev libsodium-dev
  libgtest-dev libgmock-dev libbenchmark-dev libpq-dev postgresql curl
  libxlsxwriter-dev libzip-dev zipcmp zipmerge ziptool libpugixml-dev libreoffice-writer-nogui poppler-utils fonts-liberation2
  prometheus  # promtool checks the /metrics exposition (tests/metrics)
  python3-aiosmtpd  # the SMTP sink the mailer of notices is tested against (tests/mail)
  chromium  # the web UI's browser tests (web/e2e) drive Debian's Chromium
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "bootstrap: installing ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" ||
    { $SUDO apt-get update -q && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"; }
fi

# The web UI builds with the machine's Node.js (Vite 8 needs 20.19 or later) and its npm packages,
# installed from web/package-lock.json when they are missing or the lock changed since.
cd "$(dirname "$0")/.."
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)' 2>/dev/null; then
  echo "bootstrap: the web UI needs Node.js 20.19 or later (found: $(node --version 2>/dev/null || echo none))" >&2
  exit 1
fi
if [ ! -f web/node_modules/.package-lock.json ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
  echo "bootstrap: installing the web UI's npm packages"
  (cd web && npm ci --no-audit --no-fund --loglevel=error)
fi
