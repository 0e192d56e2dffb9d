#!/usr/bin/env bash
# Installs what Argus and its tests need on Debian 12 with the .NET 10 SDK. Idempotent: quiet and
# quick when everything is present; installs only what is missing (apt-get, as root or via sudo).
set -euo pipefail

# Debian packages Argus needs, and the command or file that shows each is present.
#   postgresql:      server binaries for the PostgreSQL store tests (a throwaway cluster per test run)
#   libxgboost0:     the XGBoost native library Argus trains and predicts with
#   libxgboost-dev:  its C API header (c_api.h), the reference for the binding
#   python3-xgboost: Python's xgboost on the same library, for the model round-trip tests
#   curl:            the demo sends its prediction requests with it
#   chromium:        the browser tests open HTML reports (and later the UI) in, headless
#   nodejs, npm:     build the web UI (web/, scripts/build-web.sh) into src/Argus.Server/wwwroot
#   prometheus, prometheus-alertmanager, prometheus-pushgateway: promtool and amtool, which the
#                    deploy tests check deploy/ with, and the servers for trying the stack locally
declare -A NEED=(
  [curl]="curl"
  [chromium]="chromium"
  [nodejs]="node"
  [npm]="npm"
  [postgresql]="/usr/lib/postgresql"
  [libxgboost0]="/usr/lib/x86_64-linux-gnu/libxgboost.so.0"
  [libxgboost-dev]="/usr/include/xgboost/c_api.h"
  [python3-xgboost]="/usr/lib/python3/dist-packages/xgboost"
  [prometheus]="promtool"
  [prometheus-alertmanager]="amtool"
  [prometheus-pushgateway]="prometheus-pushgateway"
)

say() { [ "${ARGUS_SETUP_QUIET:-0}" = 1 ] || echo "setup: $*"; }

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET SDK is missing. Install the .NET 10 SDK (https://learn.microsoft.com/dotnet/core/install/linux-debian), then run this again." >&2
  exit 1
fi
if ! dotnet --list-sdks | grep -q '^10\.'; then
  echo "setup: .NET 10 SDK not found (have: $(dotnet --list-sdks | tr '\n' ' ')). Install the .NET 10 SDK." >&2
  exit 1
fi

missing=()
for pkg in "${!NEED[@]}"; do
  probe=${NEED[$pkg]}
  if [[ $probe == /* ]]; then
    [ -e "$probe" ] && continue
  else
    command -v "$probe" >/dev/null 2>&1 && continue
  fi
  missing+=("$pkg")
done

if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      echo "setup: missing Debian packages: ${missing[*]}. Run as root: apt-get install -y ${missing[*]}" >&2
      exit 1
    fi
  fi
  say "installing ${missing[*]}"
  # The prometheus packages start their daemons from postinst; Argus needs only the binaries. A
  # policy-rc.d that denies every start keeps them stopped, and is removed again afterwards (an
  # existing one is left as it is).
  policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\n# Written by Argus setup.sh for the duration of apt-get install.\nexit 101\n' | $SUDO tee "$policy" >/dev/null
    $SUDO chmod 755 "$policy"
    trap '$SUDO rm -f "$policy"' EXIT
  fi
  $SUDO apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# moto_server (moto's S3 mock) is what the S3 artifact store tests run against. It is a Python package, not a
# Debian one, so setup does not install it: the build machines have it through pyenv. The tests look on PATH, in
# ~/.pyenv/shims and ~/.pyenv/versions/*/bin, and at $ARGUS_MOTO_SERVER, and fail with this same hint without it.
pyenv_root=${PYENV_ROOT:-$HOME/.pyenv}
if [ -z "${ARGUS_MOTO_SERVER:-}" ] && ! command -v moto_server >/dev/null 2>&1 \
  && [ ! -x "$pyenv_root/shims/moto_server" ] && ! compgen -G "$pyenv_root/versions/*/bin/moto_server" >/dev/null; then
  echo "setup: note: moto_server was not found, so the S3 artifact store tests will fail. Install moto's server into a" \
       "Python environment on PATH (pip install 'moto[server]'), or set ARGUS_MOTO_SERVER to its path." >&2
fi

# The web UI, built before the .NET build so that wwwroot is copied beside the argus executable (build-web.sh does
# nothing when the built files are newer than web/).
bash "$(dirname "$0")/build-web.sh"
