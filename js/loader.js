/* prongsai loader: <script src="https://…/prongsai.js" defer></script>
   A stable name (revalidated, never cached for long) that starts this build's content-hashed
   files at once, resolved against its own URL: the wasm download starts here, in parallel with
   the glue, so the loader adds no round trip before the wasm. */
(function () {
  "use strict";
  var w = window;
  if (w.__prongsaiLoader) return;
  w.__prongsaiLoader = 1;
  var s = document.currentScript || document.querySelector('script[src$="/prongsai.js"], script[src="prongsai.js"]');
  var base = new URL(".", s && s.src ? s.src : location.href);
  w.__prongsaiBase = w.__prongsaiBase || base.href;
  function fail(e) {
    console.error("prongsai: the survey could not start:", e);
    var els = document.querySelectorAll("[data-prongsai], prongsai-survey");
    for (var i = 0; i < els.length; i++) {
      if (els[i].hasAttribute("data-prongsai-mounted") || els[i].shadowRoot) continue;
      var p = document.createElement("p");
      p.setAttribute("role", "alert");
      p.textContent = "ไม่สามารถเริ่มแบบสำรวจได้ · The survey could not start.";
      els[i].replaceChildren(p);
    }
  }
  if (typeof WebAssembly !== "object" || typeof fetch !== "function") return fail("no WebAssembly");
  var wasm = fetch(new URL("%WASM%", base).href, { credentials: "same-origin" });
  wasm.catch(function () {}); // the glue reports it
  w.__prongsaiWasm = { name: "%WASM%", response: wasm };
  import(new URL("%JS%", base).href).catch(fail);
})();
