#!/usr/bin/env bash
# Installs the host tools the stack (AppHost executables mode) and the tests use, on Debian/Ubuntu, only when missing.
# On another OS: install Prometheus (+promtool), Alertmanager (+amtool), nginx, the node and
# nginx exporters, wrk, hey and aiosmtpd (pip) with your package manager and put them on PATH (see README).
set -euo pipefail

# binary -> Debian package
declare -A NEEDED=(
  [prometheus]=prometheus
  [promtool]=prometheus
  [prometheus-alertmanager]=prometheus-alertmanager
  [amtool]=prometheus-alertmanager
  [nginx]=nginx
  [prometheus-node-exporter]=prometheus-node-exporter
  [prometheus-nginx-exporter]=prometheus-nginx-exporter
  [wrk]=wrk
  # hey: the slow-client benchmark measures normal requests with it (scripts/bench-slowclients.sh).
  [hey]=hey
  # aiosmtpd: a real SMTP server on loopback for the email-notification tests.
  [aiosmtpd]=python3-aiosmtpd
  [stress-ng]=stress-ng
  [iptables]=iptables
  [ip]=iproute2
  # The dashboard test drives a real headless browser.
  [chromium]=chromium
  [chromedriver]=chromium-driver
  # docker-compose validates deploy/compose offline (`docker-compose config -q`); no daemon needed.
  [docker-compose]=docker-compose
  # The AppHost's build publishes the API as a Native AOT binary: the .NET SDK links it with clang.
  [clang]=clang
)
# file -> Debian package, for what is not a program: Native AOT links the API against zlib.
declare -A NEEDED_FILES=(
  [/usr/include/zlib.h]=zlib1g-dev
)

missing=()
for bin in "${!NEEDED[@]}"; do
  command -v "$bin" >/dev/null 2>&1 || PATH="$PATH:/usr/sbin:/sbin" command -v "$bin" >/dev/null 2>&1 || missing+=("${NEEDED[$bin]}")
done
for file in "${!NEEDED_FILES[@]}"; do
  [ -e "$file" ] || missing+=("${NEEDED_FILES[$file]}")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "prerequisites: all host tools present"
  exit 0
fi
packages=$(printf '%s\n' "${missing[@]}" | sort -u | tr '\n' ' ')
if ! command -v apt-get >/dev/null 2>&1; then
  echo "prerequisites: missing $packages and no apt-get here; install them with your package manager" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "prerequisites: need root or sudo to install: $packages" >&2; exit 1; }
  SUDO="sudo"
fi
echo "prerequisites: installing $packages (Debian packages; their services are not started)"
$SUDO apt-get update -qq
# policy-rc.d-style environments refuse to start services; we start the binaries ourselves anyway.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $packages >/dev/null
echo "prerequisites: done"
