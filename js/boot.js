// prongsai glue, part 1 of 3 (scripts/build-widget.sh puts wasm-bindgen's module between part 1
// and part 3). Runs before the wasm has arrived.
//
// prongsai's own page (index.html, embed.html) carries the first screen of every built-in
// survey as a <template>: show it at once, so that native radios can be answered before the
// wasm is in (src/prefill.rs carries the answers over).
(() => {
  const el = document.getElementById("prongsai");
  if (!el || el.hasAttribute("data-prongsai-mounted")) return;
  const q = new URLSearchParams(location.search);
  const lang = (q.get("lang") || el.dataset.lang || "th").toLowerCase();
  if (q.has("config") || el.dataset.config || q.has("kiosk") || el.dataset.kiosk !== undefined || lang !== "th") return;
  if (q.has("large") || q.has("theme")) return;
  const t = document.getElementById(`pg-first-${q.get("survey") || el.dataset.survey}`);
  if (!t) return;
  el.replaceChildren(t.content.cloneNode(true));
  el.setAttribute("data-pg-prerendered", "");
  el.addEventListener("submit", (e) => {
    e.preventDefault();
    if (el.hasAttribute("data-pg-prerendered")) el.setAttribute("data-pg-next", "");
  });
})();
