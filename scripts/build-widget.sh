#!/usr/bin/env bash
# Builds the survey widget into dist/ (what `prongsai serve` serves at /):
#   cargo (wasm32, profile wasm-release) → wasm-bindgen --target web → wasm-opt (short import/export
#   names, then -Oz), glue renamed to match and minified by terser, stylesheet minified by csso
#   → content-hashed prongsai-<hash>.{js,wasm,css} + index.html (prongsai's own page) + embed.html
#   (the iframe page) + prongsai.js (the stable loader for host pages) + manifest.json.
# Honours CARGO_TARGET_DIR (default target/) and DIST_DIR (default dist/); WASM_NAMES=1 keeps the
# wasm's function names (bigger; for CPU profiles: bench/widget/run.mjs --profile).
# Fast when nothing changed: cargo's no-op build, then a stamp check. No browser is involved: the
# survey's first screen is rendered by `prongsai serve` itself (crates/prongsai widget_page.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
DIST="${DIST_DIR:-$ROOT/dist}"
say() { printf '[build-widget] %s\n' "$*"; }

for tool in wasm-bindgen node; do
  command -v "$tool" >/dev/null || { say "missing $tool: run scripts/setup.sh"; exit 1; }
done
for tool in wasm-opt terser; do
  [ -x "node_modules/.bin/$tool" ] || { say "missing node_modules/.bin/$tool: run scripts/setup.sh"; exit 1; }
done
[ -d node_modules/csso ] || { say "missing node_modules/csso: run scripts/setup.sh"; exit 1; }

# The wasm-release profile keeps strip = false: wasm-bindgen needs the `target_features` custom
# section that stripping removes; wasm-opt strips names afterwards instead.
cargo build --quiet --target wasm32-unknown-unknown --profile wasm-release -p prongsai-widget
WASM="$TARGET_DIR/wasm32-unknown-unknown/wasm-release/prongsai_widget.wasm"
[ -f "$WASM" ] || { say "no $WASM after cargo build"; exit 1; }

# The stamp covers every input of dist/: the wasm (itself built from src/, crates/core/,
# instruments/, Cargo.toml and Cargo.lock) and, in case cargo's output is stale or was built by
# someone else, those sources too, plus the glue, the styles, the pages and this script.
stamp="$(
  {
    cat "$WASM"
    find src crates/core instruments js styles -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum
    sha256sum Cargo.toml Cargo.lock package-lock.json index.html embed.html "$0" scripts/precompress.mjs \
      scripts/minify-wasm-names.mjs scripts/minify-css.mjs
    wasm-bindgen --version
    node_modules/.bin/wasm-opt --version
    node_modules/.bin/terser --version
    echo "names=${WASM_NAMES:-0}"
  } | sha256sum | cut -c1-16
)"
if [ -f "$DIST/.stamp" ] && [ "$(cat "$DIST/.stamp")" = "$stamp" ] && [ -f "$DIST/index.html" ] && [ -f "$DIST/prongsai.js" ]; then
  say "dist/ is up to date"
  exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$tmp" --out-name prongsai "$WASM"
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals
  --enable-reference-types --enable-multivalue)
keep=(); debug=--strip-debug
[ "${WASM_NAMES:-0}" = 1 ] && keep=(--debuginfo) && debug=--debuginfo
# First the names the wasm and the glue share (`__wbg_setAttribute_f75317b2b5cabfb4` → `a`; the
# mapping, printed as JSON, is applied to the glue below), then the size optimisation proper.
node_modules/.bin/wasm-opt "${features[@]}" "${keep[@]}" --minify-imports-and-exports-and-modules \
  "$tmp/prongsai_bg.wasm" -o "$tmp/named.wasm" > "$tmp/names.json"
node_modules/.bin/wasm-opt -Oz --converge "$debug" --strip-producers "${features[@]}" "$tmp/named.wasm" -o "$tmp/opt.wasm"
node scripts/minify-wasm-names.mjs "$tmp/names.json" "$tmp/prongsai.js" "$tmp/opt.wasm"

hash() { sha256sum "$1" | cut -c1-10; }
wasm_name="prongsai-$(hash "$tmp/opt.wasm").wasm"
mv "$tmp/opt.wasm" "$tmp/$wasm_name"

node scripts/minify-css.mjs styles/widget.css "$tmp/widget.css"
css_name="prongsai-$(hash "$tmp/widget.css").css"
mv "$tmp/widget.css" "$tmp/$css_name"

# The glue (js/): first the boot code (keeps a press of "next" on the server-rendered first
# screen for the widget, before the wasm has arrived), then wasm-bindgen's module pointed at the
# hashed wasm, then the start code (shadow roots, <prongsai-survey>, iframe messages, start; if
# WebAssembly cannot start — blocked by a CSP, wrong MIME type, very old browser — the
# placeholder says so instead of staying blank).
keys="$(awk '/^pub const KEYS/{on=1; next} on && /^\];/{exit} on' src/services/config.rs | tr -d ' \n' | sed 's/,$//')"
[ -n "$keys" ] || { say "cannot read KEYS from src/services/config.rs"; exit 1; }
cat js/boot.js > "$tmp/glue.js"
sed "s/prongsai_bg\.wasm/$wasm_name/g" "$tmp/prongsai.js" >> "$tmp/glue.js"
grep -q "$wasm_name" "$tmp/glue.js" || { say "wasm-bindgen glue does not reference the wasm file"; exit 1; }
sed -e "s/%CSS%/$css_name/g" -e "s/%WASM%/$wasm_name/g" -e "s/%KEYS%/$keys/" js/start.js >> "$tmp/glue.js"
# Minified (wasm-bindgen's glue is ~55 KB of readable JS: ~3 KB less over the wire, brotli).
# Property names are kept; only local names are shortened.
node_modules/.bin/terser "$tmp/glue.js" --module --compress passes=2 --mangle --output "$tmp/glue.min.js"
js_name="prongsai-$(hash "$tmp/glue.min.js").js"
mv "$tmp/glue.min.js" "$tmp/$js_name"
for page in index embed; do
  sed -e "s/%JS%/$js_name/g" -e "s/%WASM%/$wasm_name/g" -e "s/%CSS%/$css_name/g" "$page.html" > "$tmp/$page.html"
  if grep -q '%[A-Z]*%' "$tmp/$page.html"; then say "$page.html has an unknown placeholder"; exit 1; fi
done
# The loader: a stable name for <script src=".../prongsai.js" defer> on host pages.
sed -e "s/%JS%/$js_name/g" -e "s/%WASM%/$wasm_name/g" js/loader.js > "$tmp/prongsai.loader.js"
if grep -qE '%(JS|WASM|CSS|KEYS)%' "$tmp/prongsai.loader.js" "$tmp/$js_name"; then say "js/ has an unreplaced placeholder"; exit 1; fi
printf '{"js":"%s","wasm":"%s","css":"%s","loader":"prongsai.js","embed":"embed.html"}\n' "$js_name" "$wasm_name" "$css_name" > "$tmp/manifest.json"

# Install without a moment where dist/ is missing or index.html points at absent files:
# new hashed files first, then index.html by rename, then drop files of older builds
# (the previous build's files stay, for pages loaded a moment ago).
mkdir -p "$DIST"
previous=""
[ -f "$DIST/manifest.json" ] && previous="$(cat "$DIST/manifest.json")"
cp "$tmp/$wasm_name" "$tmp/$js_name" "$tmp/$css_name" "$DIST/"
cp "$tmp/manifest.json" "$DIST/manifest.json.new" && mv "$DIST/manifest.json.new" "$DIST/manifest.json"
cp "$tmp/embed.html" "$DIST/embed.html.new" && mv "$DIST/embed.html.new" "$DIST/embed.html"
cp "$tmp/prongsai.loader.js" "$DIST/prongsai.js.new" && mv "$DIST/prongsai.js.new" "$DIST/prongsai.js"
cp "$tmp/index.html" "$DIST/index.html.new" && mv "$DIST/index.html.new" "$DIST/index.html"
for f in "$DIST"/prongsai-*; do
  [ -e "$f" ] || continue
  name="$(basename "$f")"
  case "$name" in "$wasm_name"|"$js_name"|"$css_name") continue ;; esac
  case "$previous" in *"\"$name\""*) continue ;; esac
  rm -f "$f"
done
node scripts/precompress.mjs "$DIST"
echo "$stamp" > "$DIST/.stamp"

raw() { wc -c < "$1" | tr -d ' '; }
say "dist/: $wasm_name $(raw "$DIST/$wasm_name") B, $js_name $(raw "$DIST/$js_name") B, $css_name $(raw "$DIST/$css_name") B, index.html $(raw "$DIST/index.html") B, embed.html $(raw "$DIST/embed.html") B, prongsai.js $(raw "$DIST/prongsai.js") B"
