// The municipality's own script. An external file: the page's Content-Security-Policy forbids
// inline script (script-src 'self' 'wasm-unsafe-eval').

// prongsai in an iframe: follow the survey's height (the two lines from docs/webmasters.md).
addEventListener("message", (e) => { for (const f of document.querySelectorAll("iframe.prongsai-frame"))
  if (e.source === f.contentWindow && e.data && e.data.type === "prongsai:height") f.style.height = `${e.data.height}px`; });

// Optional: the page learns that a survey was submitted (id and instrument only, never answers).
const seen = (globalThis.surveyEvents = []);
function thank(kind, detail) {
  seen.push({ kind, id: detail.id, instrument: detail.instrument });
  const out = document.getElementById("survey-thanks");
  if (out) out.textContent = `ได้รับแบบสำรวจแล้ว ขอบคุณค่ะ (${detail.instrument})`;
}
document.addEventListener("prongsai-submitted", (e) => thank("event", e.detail || {}));
addEventListener("message", (e) => {
  if (e.data && e.data.type === "prongsai:submitted") thank("message", e.data);
});
