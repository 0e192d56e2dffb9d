#!/usr/bin/env bash
# Builds the web UI (web/, TypeScript + esbuild) into src/Argus.Server/wwwroot, which the .NET build copies beside
# the argus executable. Quick and quiet when the built files are newer than every source file: then it does nothing.
# Needs node and npm (Debian: apt-get install nodejs npm). --force rebuilds regardless.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { [ "${ARGUS_SETUP_QUIET:-0}" = 1 ] || echo "build-web: $*"; }

out=src/Argus.Server/wwwroot
stamp=$out/index.html
if [ "${1:-}" != "--force" ] && [ -e "$stamp" ] && [ -d web/node_modules ] \
  && [ -z "$(find web/src web/build.mjs web/package.json web/package-lock.json web/tsconfig.json -newer "$stamp" -print -quit)" ]; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "build-web: npm is missing; install Node.js 20 or later with npm (Debian: apt-get install nodejs npm), then run this again." >&2
  exit 1
fi

say "building the web UI into $out"
cd web
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --prefer-offline --no-audit --no-fund --loglevel=error >/dev/null
fi
npx --no-install tsc --noEmit -p .
node build.mjs >/dev/null
