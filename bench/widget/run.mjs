#!/usr/bin/env node
// Size and speed of the widget as a citizen on a cheap phone gets it:
//   serves dist/ compressed like a real server (brotli, gzip), loads the EIT survey in Chromium
//   with emulated slow 4G (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up) and 4× CPU slowdown, and
//   reports bytes over the wire by type, time until the first question can be answered,
//   main-thread time to answer everything and submit, and memory (JS heap + wasm linear memory).
// The same run is made against a hand-written vanilla HTML+JS page of the same survey (generated
// from the same instrument) as the baseline of the design's "≤ 1.5 × vanilla" budget.
//
// Usage: node bench/widget/run.mjs [--runs 5] [--no-throttle] [--json out.json]
// Needs: scripts/build-widget.sh (dist/), playwright-core, /usr/bin/chromium.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startNodeEndpoint } from '../../e2e/lib/endpoint.mjs';
import { vanillaPage } from './vanilla.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = process.env.PRONGSAI_DIST || path.join(ROOT, 'dist');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const RUNS = Number(opt('--runs', 5));
const THROTTLE = !args.includes('--no-throttle');
const VERBOSE = args.includes('--verbose');
const OUT = opt('--json', path.join(ROOT, 'bench', 'out', 'widget.json'));
const BUDGET = { wireKB: 90, firstUsableMs: 1000, mainThreadVsVanilla: 1.5 };

if (!fs.existsSync(path.join(DIST, 'manifest.json'))) {
  console.error(`no ${DIST}/manifest.json: run scripts/build-widget.sh first`);
  process.exit(2);
}
const manifest = JSON.parse(fs.readFileSync(path.join(DIST, 'manifest.json'), 'utf8'));
const eit = JSON.parse(fs.readFileSync(path.join(ROOT, 'instruments', 'ita-eit.json'), 'utf8'));

// A host page that embeds the survey with the loader (<div data-prongsai> + one script tag): the
// widget renders into a shadow root; measured for loading only.
const hostPage = `<!doctype html><html lang="th"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>host</title><link rel="icon" href="data:,">
<script src="/${manifest.loader || 'prongsai.js'}" defer></script></head>
<body><h1>เทศบาลตัวอย่าง</h1><div data-prongsai data-survey="ita-eit" data-unit="bench"></div></body></html>`;
const server = await startNodeEndpoint({
  dist: DIST,
  compress: true,
  extra: {
    '/vanilla.html': { type: 'text/html; charset=utf-8', body: vanillaPage(eit) },
    '/host.html': { type: 'text/html; charset=utf-8', body: hostPage },
  },
});
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});

// Marks the moment the first question can be answered: a radio input exists inside the survey
// (the widget renders inputs only from wasm, with their handlers attached).
const FIRST_USABLE = () => {
  const check = () => {
    if (window.__firstUsable) return true;
    const host = document.querySelector('[data-prongsai]');
    const r = document.querySelector('.prongsai-root input[type=radio], #vanilla input[type=radio]')
      || host?.shadowRoot?.querySelector('.prongsai-root input[type=radio]');
    if (r) {
      window.__firstUsable = performance.now();
      return true;
    }
    return false;
  };
  new MutationObserver((_m, obs) => { if (check()) obs.disconnect(); })
    .observe(document, { childList: true, subtree: true });
  // Inside a shadow root a document observer sees nothing: poll every frame there.
  const poll = () => { if (!check()) requestAnimationFrame(poll); };
  document.addEventListener('DOMContentLoaded', () => { if (document.querySelector('[data-prongsai]')) poll(); });
};

async function oneRun(url, kind) {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Performance.enable');
  if (THROTTLE) {
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 150, downloadThroughput: (1.6e6 / 8), uploadThroughput: (750e3 / 8),
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  }
  const types = new Map();
  const bytes = {};
  const errors = [];
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, { type: e.type, url: e.response.url, enc: e.response.headers['content-encoding'] || e.response.headers['Content-Encoding'] || '' }));
  cdp.on('Network.loadingFinished', (e) => {
    const t = types.get(e.requestId);
    if (!t) return;
    const key = t.url.endsWith('.wasm') ? 'wasm' : t.type.toLowerCase();
    bytes[key] = (bytes[key] || 0) + e.encodedDataLength;
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(FIRST_USABLE);

  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__firstUsable, null, { timeout: 60000, polling: 50 });
  const firstUsable = await page.evaluate(() => window.__firstUsable);
  // The widget itself running (wasm loaded, mounted, pre-rendered screen replaced).
  if (kind !== 'vanilla') {
    await page.waitForSelector('[data-prongsai-mounted] .pg-app', { timeout: 60000 });
  }
  const widgetReady = await page.evaluate(() => performance.now());
  await page.waitForLoadState('networkidle');
  const loadBytes = { ...bytes };
  const timeline = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => `${r.name.split('/').pop().slice(0, 28).padEnd(28)} start ${r.startTime.toFixed(0).padStart(5)} end ${r.responseEnd.toFixed(0).padStart(5)}`));
  if (VERBOSE) console.log(`${kind}: first usable ${firstUsable.toFixed(0)} ms, widget ready ${widgetReady.toFixed(0)} ms\n  ${timeline.join('\n  ')}`);
  if (kind === 'loader') {
    await context.close();
    if (errors.length) throw new Error(`${kind}: page errors: ${errors.join('; ')}`);
    return { firstUsable, widgetReady, bytes: loadBytes, mainThreadMs: 0, jsHeap: 0, wasmMemory: 0 };
  }

  // Answer everything (highest option, a comment) and submit; main-thread time from the
  // renderer's TaskDuration.
  const metric = async (name) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name)?.value ?? 0;
  const task0 = await metric('TaskDuration');
  for (let screen = 0; screen < 10; screen++) {
    const ids = await page.evaluate(() => {
      const names = [];
      for (const r of document.querySelectorAll('input[type=radio]')) if (r.checkVisibility() && !names.includes(r.name)) names.push(r.name);
      return names.map((n) => [...document.querySelectorAll(`input[name="${n}"]`)].filter((r) => r.value !== 'na').at(-1)?.id);
    });
    for (const id of ids) await page.click(`label[for="${id}"]`);
    const ta = page.locator('textarea:visible');
    if (await ta.count()) await ta.fill('บริการดี');
    const before = await page.evaluate(() => [...document.querySelectorAll('h2')].find((h) => h.checkVisibility())?.textContent);
    await page.click('.pg-nav .pg-primary');
    if (await page.$('.pg-thanks')) break;
    await page.waitForFunction((b) => [...document.querySelectorAll('h2')].find((h) => h.checkVisibility())?.textContent !== b || document.querySelector('.pg-thanks'), before);
    if (await page.$('.pg-thanks')) break;
  }
  await page.waitForSelector('.pg-sent', { timeout: 30000 });
  const mainThreadMs = (await metric('TaskDuration') - task0) * 1000;
  const jsHeap = await metric('JSHeapUsedSize');
  const wasmMemory = kind === 'widget'
    ? await page.evaluate(async (js) => (await import(`/${js}`)).memory_bytes(), manifest.js)
    : 0;
  await context.close();
  if (errors.length) throw new Error(`${kind}: page errors: ${errors.join('; ')}`);
  return { firstUsable, widgetReady, bytes: loadBytes, mainThreadMs, jsHeap, wasmMemory };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const results = {};
for (const [kind, url] of [['widget', `${server.url}/?survey=ita-eit&unit=bench`], ['vanilla', `${server.url}/vanilla.html`], ['loader', `${server.url}/host.html`]]) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await oneRun(url, kind));
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.bytes)))];
  const bytes = Object.fromEntries(keys.map((k) => [k, median(runs.map((r) => r.bytes[k] || 0))]));
  results[kind] = {
    runs: RUNS,
    bytesOverWire: bytes,
    totalBytes: Object.values(bytes).reduce((a, b) => a + b, 0),
    firstUsableMs: median(runs.map((r) => r.firstUsable)),
    widgetReadyMs: median(runs.map((r) => r.widgetReady)),
    mainThreadMs: median(runs.map((r) => r.mainThreadMs)),
    jsHeapBytes: median(runs.map((r) => r.jsHeap)),
    wasmMemoryBytes: median(runs.map((r) => r.wasmMemory)),
  };
}
await browser.close();
await server.close();

// Raw and compressed sizes of the files themselves (no headers).
const zlib = await import('node:zlib');
const files = {};
for (const f of ['index.html', manifest.loader || 'prongsai.js', manifest.js, manifest.wasm, manifest.css]) {
  const raw = fs.readFileSync(path.join(DIST, f));
  files[f] = {
    raw: raw.length,
    gzip: zlib.gzipSync(raw, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const w = results.widget;
const v = results.vanilla;
const kb = (b) => (b / 1024).toFixed(1);
console.log(`prongsai widget benchmark — EIT survey, ${THROTTLE ? 'slow 4G (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up) + 4× CPU slowdown' : 'no throttling'}, median of ${RUNS} runs`);
console.log('\nfiles in dist/ (bytes):');
for (const [f, s] of Object.entries(files)) console.log(`  ${f.padEnd(28)} raw ${String(s.raw).padStart(7)}  gzip ${String(s.gzip).padStart(6)}  brotli ${String(s.brotli).padStart(6)}`);
console.log('\nover the wire (brotli, incl. headers), first load:');
for (const [k, b] of Object.entries(w.bytesOverWire)) console.log(`  ${k.padEnd(12)} ${kb(b).padStart(7)} KB`);
console.log(`  ${'total'.padEnd(12)} ${kb(w.totalBytes).padStart(7)} KB   budget ${BUDGET.wireKB} KB   ${w.totalBytes / 1024 <= BUDGET.wireKB ? 'OK' : `OVER by ${kb(w.totalBytes - BUDGET.wireKB * 1024)} KB`}   (vanilla ${kb(v.totalBytes)} KB)`);
console.log(`\nfirst question usable:     ${w.firstUsableMs.toFixed(0)} ms   budget ${BUDGET.firstUsableMs} ms   ${w.firstUsableMs <= BUDGET.firstUsableMs ? 'OK' : `OVER by ${(w.firstUsableMs - BUDGET.firstUsableMs).toFixed(0)} ms`}   (vanilla ${v.firstUsableMs.toFixed(0)} ms)`);
console.log(`widget running (wasm in):   ${w.widgetReadyMs.toFixed(0)} ms   (the first screen before that is plain HTML with native radios; answers carry over)`);
const ratio = w.mainThreadMs / v.mainThreadMs;
console.log(`main thread, answer+submit: ${w.mainThreadMs.toFixed(0)} ms   vanilla ${v.mainThreadMs.toFixed(0)} ms   = ${ratio.toFixed(2)} × vanilla (budget ${BUDGET.mainThreadVsVanilla} ×) ${ratio <= BUDGET.mainThreadVsVanilla ? 'OK' : 'OVER'}`);
const ld = results.loader;
console.log(`embedded with the loader (host page + prongsai.js, shadow root, no pre-rendered screen): first question usable ${ld.firstUsableMs.toFixed(0)} ms, ${kb(ld.totalBytes)} KB over the wire (host page included)`);
console.log(`memory: JS heap ${kb(w.jsHeapBytes)} KB + wasm linear memory ${kb(w.wasmMemoryBytes)} KB = ${kb(w.jsHeapBytes + w.wasmMemoryBytes)} KB   (vanilla JS heap ${kb(v.jsHeapBytes)} KB)`);

fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, JSON.stringify({ throttled: THROTTLE, budget: BUDGET, files, ...results }, null, 2));
console.log(`\nwritten ${path.relative(ROOT, OUT)}`);
