#!/usr/bin/env bash
# Builds the survey widget into dist/ (what `prongsai serve` serves at /):
#   cargo (wasm32, profile wasm-release) → wasm-bindgen --target web → wasm-opt -Oz
#   → content-hashed prongsai-<hash>.{js,wasm,css} + index.html + manifest.json.
# Honours CARGO_TARGET_DIR (default target/) and DIST_DIR (default dist/).
# Fast when nothing changed: cargo's no-op build, then a stamp check.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
DIST="${DIST_DIR:-$ROOT/dist}"
say() { printf '[build-widget] %s\n' "$*"; }

for tool in wasm-bindgen node; do
  command -v "$tool" >/dev/null || { say "missing $tool: run scripts/setup.sh"; exit 1; }
done
[ -x node_modules/.bin/wasm-opt ] || { say "missing node_modules/.bin/wasm-opt: run scripts/setup.sh"; exit 1; }

# The wasm-release profile keeps strip = false: wasm-bindgen needs the `target_features` custom
# section that stripping removes; wasm-opt strips names afterwards instead.
cargo build --quiet --target wasm32-unknown-unknown --profile wasm-release -p prongsai-widget
WASM="$TARGET_DIR/wasm32-unknown-unknown/wasm-release/prongsai_widget.wasm"
[ -f "$WASM" ] || { say "no $WASM after cargo build"; exit 1; }

stamp="$(cat "$WASM" index.html styles/*.css "$0" | sha256sum | cut -c1-16)"
if [ -f "$DIST/.stamp" ] && [ "$(cat "$DIST/.stamp")" = "$stamp" ] && [ -f "$DIST/index.html" ]; then
  say "dist/ is up to date"
  exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
wasm-bindgen --target web --no-typescript --out-dir "$tmp" --out-name prongsai "$WASM"
node_modules/.bin/wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int \
  --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$tmp/prongsai_bg.wasm" -o "$tmp/opt.wasm"

hash() { sha256sum "$1" | cut -c1-10; }
wasm_name="prongsai-$(hash "$tmp/opt.wasm").wasm"
mv "$tmp/opt.wasm" "$tmp/$wasm_name"

css_name="prongsai-$(hash styles/widget.css).css"
cp styles/widget.css "$tmp/$css_name"

# The glue: first the boot code (shows the pre-rendered first screen of a built-in survey, if
# index.html carries one, before the wasm has arrived), then wasm-bindgen's module pointed at the
# hashed wasm, then the start call; if WebAssembly cannot start (blocked by a CSP, wrong MIME
# type, very old browser) the placeholder says so instead of staying blank.
cat > "$tmp/glue.js" <<'JS'
// Where the widget comes from (the default endpoint is on that server) and its stylesheet, for
// host pages that embed it with <div data-prongsai> and only one <script> tag.
globalThis.__prongsaiBase ??= new URL(".", import.meta.url).href;
if (!document.querySelector('link[rel="stylesheet"][href$="%CSS%"]')) {
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = new URL("%CSS%", import.meta.url).href;
  document.head.append(link);
}
(() => {
  const el = document.getElementById("prongsai");
  if (!el || el.hasAttribute("data-prongsai-mounted")) return;
  const q = new URLSearchParams(location.search);
  const lang = (q.get("lang") || el.dataset.lang || "th").toLowerCase();
  if (q.has("config") || el.dataset.config || q.has("kiosk") || el.dataset.kiosk !== undefined || lang !== "th") return;
  const t = document.getElementById(`pg-first-${q.get("survey") || el.dataset.survey}`);
  if (!t) return;
  el.replaceChildren(t.content.cloneNode(true));
  el.setAttribute("data-pg-prerendered", "");
  el.addEventListener("submit", (e) => {
    e.preventDefault();
    if (el.hasAttribute("data-pg-prerendered")) el.setAttribute("data-pg-next", "");
  });
})();
JS
sed -i "s/%CSS%/$css_name/g" "$tmp/glue.js"
sed "s/prongsai_bg\.wasm/$wasm_name/g" "$tmp/prongsai.js" >> "$tmp/glue.js"
grep -q "$wasm_name" "$tmp/glue.js" || { say "wasm-bindgen glue does not reference the wasm file"; exit 1; }
cat >> "$tmp/glue.js" <<'JS'

__wbg_init().catch((e) => {
  console.error("prongsai:", e);
  for (const el of document.querySelectorAll("#prongsai, [data-prongsai]")) {
    if (el.hasAttribute("data-prongsai-mounted")) continue;
    const p = document.createElement("p");
    p.setAttribute("role", "alert");
    p.textContent = "ไม่สามารถเริ่มแบบสำรวจได้ (เบราว์เซอร์ปิดกั้น WebAssembly) · The survey could not start (WebAssembly is blocked or unsupported).";
    el.replaceChildren(p);
  }
});
JS
js_name="prongsai-$(hash "$tmp/glue.js").js"
mv "$tmp/glue.js" "$tmp/$js_name"
sed -e "s/%JS%/$js_name/g" -e "s/%WASM%/$wasm_name/g" -e "s/%CSS%/$css_name/g" index.html > "$tmp/index.html"
if grep -q '%[A-Z]*%' "$tmp/index.html"; then say "index.html has an unknown placeholder"; exit 1; fi
printf '{"js":"%s","wasm":"%s","css":"%s"}\n' "$js_name" "$wasm_name" "$css_name" > "$tmp/manifest.json"

# The plain-HTML first screen of every built-in survey, rendered by this very build in Chromium
# and embedded in index.html as <template>s (see src/prefill.rs). Skipped, with a note, where
# Chromium or playwright-core is missing: the widget then simply renders once the wasm is in.
if [ "${PRONGSAI_PRERENDER:-1}" = 1 ] && [ -x "${CHROMIUM:-/usr/bin/chromium}" ] && [ -d node_modules/playwright-core ]; then
  node --input-type=module - "$tmp" <<'JS' || { say "pre-rendering failed"; exit 1; }
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { chromium } from "playwright-core";
const dir = process.argv[2];
const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".css": "text/css", ".wasm": "application/wasm" };
const server = http.createServer((req, res) => {
  const name = new URL(req.url, "http://x").pathname.slice(1) || "index.html";
  const file = path.join(dir, path.basename(name));
  if (!fs.existsSync(file)) { res.writeHead(404); return res.end(); }
  res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
  res.end(fs.readFileSync(file));
});
await new Promise((r) => server.listen(0, "127.0.0.1", r));
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"] });
const page = await browser.newPage({ viewport: { width: 360, height: 740 } });
const errors = [];
page.on("pageerror", (e) => errors.push(e.message));
let templates = "";
for (const id of ["ita-eit", "ita-iit", "satisfaction", "quick"]) {
  await page.goto(`http://127.0.0.1:${server.address().port}/?survey=${id}`);
  await page.waitForSelector("#prongsai .pg-section", { timeout: 20000 });
  const html = await page.evaluate(() => {
    const root = document.getElementById("prongsai").cloneNode(true);
    // Nothing that belongs to this visit: no draft offer, no queue line.
    root.querySelectorAll(".pg-resume, .pg-status > *").forEach((n) => n.remove());
    return root.innerHTML;
  });
  templates += `<template id="pg-first-${id}">${html}</template>\n`;
}
await browser.close();
server.close();
if (errors.length) throw new Error(errors.join("; "));
const index = path.join(dir, "index.html");
fs.writeFileSync(index, fs.readFileSync(index, "utf8").replace("</body>", `${templates}</body>`));
JS
else
  say "no Chromium/playwright-core: index.html without the pre-rendered first screens"
fi


# Install without a moment where dist/ is missing or index.html points at absent files:
# new hashed files first, then index.html by rename, then drop files of older builds
# (the previous build's files stay, for pages loaded a moment ago).
mkdir -p "$DIST"
previous=""
[ -f "$DIST/manifest.json" ] && previous="$(cat "$DIST/manifest.json")"
cp "$tmp/$wasm_name" "$tmp/$js_name" "$tmp/$css_name" "$DIST/"
cp "$tmp/manifest.json" "$DIST/manifest.json.new" && mv "$DIST/manifest.json.new" "$DIST/manifest.json"
cp "$tmp/index.html" "$DIST/index.html.new" && mv "$DIST/index.html.new" "$DIST/index.html"
for f in "$DIST"/prongsai-*; do
  [ -e "$f" ] || continue
  name="$(basename "$f")"
  case "$name" in "$wasm_name"|"$js_name"|"$css_name") continue ;; esac
  case "$previous" in *"\"$name\""*) continue ;; esac
  rm -f "$f"
done
echo "$stamp" > "$DIST/.stamp"

raw() { wc -c < "$1" | tr -d ' '; }
say "dist/: $wasm_name $(raw "$DIST/$wasm_name") B, $js_name $(raw "$DIST/$js_name") B, $css_name $(raw "$DIST/$css_name") B, index.html $(raw "$DIST/index.html") B"
