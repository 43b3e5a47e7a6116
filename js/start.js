
// prongsai glue, part 3 of 3: embedding and start.
//   * [data-prongsai] elements get a shadow root holding the widget's stylesheet (host CSS
//     cannot reach in, ours cannot leak out); data-shadow="off" renders into the element itself.
//   * <prongsai-survey> custom element: attributes → settings, attribute changes update the
//     widget, removal tears it down.
//   * embed.html (iframe): posts {type: "prongsai:height"} and {type: "prongsai:submitted"} to
//     the parent page.
//   * Start: the wasm the loader (prongsai.js) already requested, or our own fetch.
const PG_CSS = new URL("%CSS%", import.meta.url).href;
globalThis.__prongsaiBase ??= new URL(".", import.meta.url).href;
globalThis.__prongsaiCss = PG_CSS;
const PG_OFF = /^\s*(0|false|no|off)\s*$/i;
const PG_FAILED = "ไม่สามารถเริ่มแบบสำรวจได้ (เบราว์เซอร์ปิดกั้น WebAssembly) · The survey could not start (WebAssembly is blocked or unsupported).";
// Every setting an attribute of <prongsai-survey> may carry (src/services/config.rs KEYS).
const PG_ATTRS = [%KEYS%];

/** The box inside `host`'s shadow root that the widget renders into (made on first call; null
 *  where the element cannot have a shadow root). Hidden until the stylesheet is in. */
function pgBox(host) {
  if (host.shadowRoot) return host.shadowRoot.querySelector("[data-pg-box]");
  let root;
  try {
    root = host.attachShadow({ mode: "open" });
  } catch {
    return null;
  }
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = PG_CSS;
  const box = document.createElement("div");
  box.setAttribute("data-pg-box", "");
  box.style.visibility = "hidden"; // CSSOM, not a style attribute: fine under a strict CSP
  const show = () => box.style.removeProperty("visibility");
  link.addEventListener("load", show);
  link.addEventListener("error", show);
  const p = document.createElement("p");
  p.className = "pg-boot";
  p.setAttribute("role", "status");
  p.textContent = "กำลังโหลดแบบสำรวจ… · Loading the survey…";
  box.append(p);
  root.append(link, box);
  return box;
}

function pgFailed(target) {
  // A server-rendered error screen ("survey not found") is complete without the wasm: a note
  // that the survey could not start would only confuse.
  if (target.querySelector?.(".pg-error-screen")) return;
  const p = document.createElement("p");
  p.setAttribute("role", "alert");
  p.className = "pg-boot";
  p.textContent = PG_FAILED;
  // A first screen rendered by the server stays usable (its radios work without the wasm);
  // the note goes above it. Anything else (the loading note) is replaced.
  if (target.hasAttribute?.("data-pg-prerendered")) target.prepend(p);
  else target.replaceChildren(p);
}

for (const el of document.querySelectorAll("[data-prongsai]")) {
  if (!PG_OFF.test(el.dataset.shadow ?? "")) pgBox(el);
}

const pgLoaded = globalThis.__prongsaiWasm;
const pgStarted = __wbg_init({
  module_or_path: pgLoaded && pgLoaded.name === "%WASM%" ? pgLoaded.response : new URL("%WASM%", import.meta.url),
});
pgStarted.catch((e) => {
  console.error("prongsai:", e);
  for (const el of document.querySelectorAll("#prongsai, [data-prongsai], prongsai-survey")) {
    if (el.hasAttribute("data-prongsai-mounted")) continue;
    pgFailed(el.shadowRoot?.querySelector("[data-pg-box]") ?? el);
  }
});

// For pages that add a placeholder later: prongsai.mount(element, {survey: "quick", …}) (in a
// shadow root unless {shadow: false}).
globalThis.prongsai ??= {
  ready: pgStarted.then(() => true, () => false), // false: could not start (see the console)
  mount(element, options = {}) {
    if (options.shadow !== false) pgBox(element);
    const { shadow: _, ...settings } = options;
    return pgStarted.then(() => mount(element, settings));
  },
};

if (globalThis.customElements && !customElements.get("prongsai-survey")) {
  customElements.define("prongsai-survey", class extends HTMLElement {
    static get observedAttributes() {
      return PG_ATTRS;
    }
    connectedCallback() {
      const box = pgBox(this);
      if (!box) return;
      pgStarted.then(() => {
        if (this.isConnected && !this.pgWidget) this.pgWidget = new Widget(this, box);
      }, () => {});
    }
    disconnectedCallback() {
      const w = this.pgWidget;
      this.pgWidget = undefined;
      if (w) {
        w.destroy();
        w.free();
      }
    }
    attributeChangedCallback() {
      if (!this.pgWidget || this.pgPending) return;
      this.pgPending = true; // several attributes set in one go: one update
      queueMicrotask(() => {
        this.pgPending = false;
        this.pgWidget?.update();
      });
    }
  });
}

if (document.documentElement.hasAttribute("data-prongsai-embed") && window.parent !== window) {
  // Only sizes and ids go to the parent ("*": whoever embeds us), never answers or scores.
  let last = -1;
  const post = () => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ type: "prongsai:height", height }, "*");
    }
  };
  new ResizeObserver(post).observe(document.documentElement);
  document.addEventListener("prongsai-submitted", (e) => {
    const d = e.detail || {};
    window.parent.postMessage({ type: "prongsai:submitted", id: d.id, instrument: d.instrument }, "*");
  });
}
