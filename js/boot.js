// prongsai glue, part 1 of 3 (scripts/build-widget.sh puts wasm-bindgen's module between part 1
// and part 3). Runs before the wasm has arrived.
//
// `prongsai serve` sends the survey page with its first screen rendered by the server
// (<main id="prongsai" data-pg-prerendered>): native radios can be answered before the wasm is
// in. A press of "next" meanwhile is remembered for the widget (src/prefill.rs carries the
// answers and the press over) instead of submitting the form.
(() => {
  const el = document.getElementById("prongsai");
  if (!el || !el.hasAttribute("data-pg-prerendered")) return;
  el.addEventListener("submit", (e) => {
    e.preventDefault();
    if (el.hasAttribute("data-pg-prerendered")) el.setAttribute("data-pg-next", "");
  });
})();
