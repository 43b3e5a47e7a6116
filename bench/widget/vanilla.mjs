// The baseline: the same EIT survey as a hand-written HTML page with a few lines of plain JS
// (one section per screen, native radios, POST with an Idempotency-Key) — what the design's
// "vanilla" comparison means. Generated from the instrument JSON so both show the same questions.
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));

export function vanillaPage(ins) {
  const scales = Object.fromEntries(ins.scales.map((s) => [s.id, s]));
  const sections = ins.sections.map((sec, si) => {
    const items = sec.items.map((it) => {
      const sc = scales[it.scale];
      if (sc.kind === 'text') return `<p><label for="${it.code}">${esc(it.text.th)}</label><textarea id="${it.code}" name="${it.code}"></textarea></p>`;
      const opts = [...sc.options.map((o) => [o.value, o.label.th]), ...(sc.not_applicable ? [['na', sc.not_applicable.th]] : [])];
      const group = (code, legend) => `<fieldset><legend>${esc(legend)}</legend>${opts.map(([v, l], k) =>
        `<label for="${code}-${k}"><input type="radio" id="${code}-${k}" name="${code}" value="${esc(v)}" data-json='${JSON.stringify(v)}'> ${esc(l)}</label>`).join('')}</fieldset>`;
      return it.sub_items?.length
        ? `<fieldset><legend>${esc(it.text.th)}</legend>${it.sub_items.map((s) => group(s.code, s.text.th)).join('')}</fieldset>`
        : group(it.code, it.text.th);
    }).join('');
    return `<section ${si ? 'hidden' : ''}><h2 tabindex="-1">${esc(sec.title.th)}</h2>${items}</section>`;
  }).join('');
  return `<!doctype html><html lang="th"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>vanilla</title><link rel="icon" href="data:,"><style>body{font-family:system-ui,sans-serif;margin:12px}label{display:block;min-height:44px}fieldset{border:0;padding:0}</style></head>
<body><main id="vanilla"><h1>${esc(ins.title.th)}</h1><form>${sections}<div class="pg-nav"><button type="submit" class="pg-primary">ถัดไป</button></div></form><p class="status"></p></main>
<script>
const secs=[...document.querySelectorAll('section')];let cur=0;const f=document.querySelector('form');
f.addEventListener('submit',async(e)=>{e.preventDefault();
  if(cur<secs.length-1){secs[cur].hidden=true;secs[++cur].hidden=false;secs[cur].querySelector('h2').focus();return;}
  const answers={};for(const r of f.querySelectorAll('input:checked'))answers[r.name]=JSON.parse(r.dataset.json);
  for(const t of f.querySelectorAll('textarea'))if(t.value)answers[t.name]=t.value;
  const id=crypto.randomUUID();const d=new Date();
  const env={format:'prongsai.response/1',id,instrument:${JSON.stringify(ins.id)},edition:${JSON.stringify(ins.edition)},unit:'bench',point:null,
    submitted:d.toISOString().slice(0,10),locale:'th',answers};
  f.hidden=true;const h=document.createElement('div');h.className='pg-thanks';h.textContent='ขอบคุณ';document.querySelector('main').append(h);
  const r=await fetch('/api/v1/responses',{method:'POST',headers:{'content-type':'application/json','idempotency-key':id},body:JSON.stringify(env),credentials:'omit',referrerPolicy:'no-referrer'});
  if(r.ok){const s=document.querySelector('.status');s.className='pg-sent';s.textContent='ส่งแล้ว';}
});
</script></body></html>`;
}
