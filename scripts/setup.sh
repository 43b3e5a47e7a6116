#!/usr/bin/env bash
# Installs whatever this project needs that the machine lacks, and skips what is present.
# Everything comes from the package registries only (crates, npm, Debian's packages).
# Usage: scripts/setup.sh [--no-browser] [--no-postgres]
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=0.2.130   # must equal the wasm-bindgen pin in Cargo.toml
want_browser=1
want_postgres=1
for arg in "$@"; do
  case "$arg" in
    --no-browser) want_browser=0 ;;
    --no-postgres) want_postgres=0 ;;
    *) echo "setup: unknown option $arg" >&2; exit 2 ;;
  esac
done

say() { printf '[setup] %s\n' "$*"; }
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

# 1. Rust wasm target
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. wasm-bindgen CLI at exactly the library's version (also provides wasm-bindgen-test-runner).
#    No --locked: a locked dependency of that release is missing from the registry.
have_wb="$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)"
if [ "$have_wb" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (takes 2-3 minutes once)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# 3. Debian packages: Chromium + ChromeDriver + Thai fonts for browser tests, PostgreSQL for the
#    second storage backend. apt-get update only when something is actually missing.
apt_missing=()
if [ "$want_browser" = 1 ]; then
  [ -x /usr/bin/chromium ] || apt_missing+=(chromium)
  [ -x /usr/bin/chromedriver ] || apt_missing+=(chromium-driver)
  fc-list 2>/dev/null | grep -qi "tlwg\|Garuda\|Loma\|Norasi" || apt_missing+=(fonts-thai-tlwg)
fi
if [ "$want_postgres" = 1 ]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_missing+=(postgresql)
fi
if [ "${#apt_missing[@]}" -gt 0 ]; then
  say "installing Debian packages: ${apt_missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${apt_missing[@]}" >/dev/null
fi

# 4. npm packages (wasm-opt from binaryen, terser, csso, playwright-core, axe-core), pinned by package-lock.json.
# A half-copied or interrupted node_modules counts as missing.
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/terser ] || [ ! -d node_modules/csso ] || [ ! -d node_modules/playwright-core ] || [ ! -d node_modules/axe-core ] \
  || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

say "ready"
