#!/usr/bin/env node
// Size and speed of the EIT survey as a citizen on a cheap phone gets it, side by side in one run:
//   * prongsai: dist/ served by the real `prongsai serve` (precompressed brotli/gzip as it sends
//     them), at /?survey=ita-eit;
//   * vanilla: a hand-written server-rendered page of the same survey (bench/widget/vanilla.mjs),
//     brotli 11, the limit of what a page can be;
//   * SurveyJS (survey-core + survey-js-ui from node_modules, where installed), the JS library an
//     agency would pick instead, with the same questions;
//   * the loader on a host page of another origin (<div data-prongsai> + one script tag).
// Chromium with emulated slow 4G (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up) and 4× CPU
// slowdown; prints bytes over the wire by type, time until the first question can be answered,
// time until the wasm has taken over, main-thread time to answer everything and submit, and
// memory (JS heap + wasm linear memory).
//
// Build dist/ first exactly as the README's run command does (scripts/run.sh, or
// scripts/build-widget.sh) and the server (cargo build --release -p prongsai).
// Usage: node bench/widget/run.mjs [--runs 5] [--no-throttle] [--verbose] [--json out.json] [--trace]
//   --trace: also records a Chromium trace of the answering in the first run of each page and
//   prints where the main thread's time went (self time by trace event: style recalculation,
//   layout, script, …); the traces are written to bench/out/trace-<page>.json for DevTools.
//   --profile: also records a V8 CPU profile of the same and prints the functions with the most
//   self time (for wasm function names, point PRONGSAI_DIST at a dist/ whose wasm kept its name
//   section: wasm-opt --debuginfo).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startNodeEndpoint } from '../../e2e/lib/endpoint.mjs';
import { vanillaPage } from './vanilla.mjs';
import { surveyJsPage, surveyJsFiles } from './surveyjs.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = process.env.PRONGSAI_DIST || path.join(ROOT, 'dist');
const BIN = process.env.PRONGSAI_BIN || path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target'), 'release', 'prongsai');
const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const RUNS = Number(opt('--runs', 5));
const THROTTLE = !args.includes('--no-throttle');
const VERBOSE = args.includes('--verbose');
const TRACE = args.includes('--trace');
const PROFILE = args.includes('--profile');
const OUT = opt('--json', path.join(ROOT, 'bench', 'out', 'widget.json'));
// DESIGN.md "Budgets": ≤ 180 KB now (aim 150); first question ≤ 1.0 s or ≤ 1.5 × the hand-written
// page; main-thread work ≤ 1.5 × vanilla.
const BUDGET = { wireKB: 180, aimKB: 150, firstUsableMs: 1000, firstUsableVsVanilla: 1.5, mainThreadVsVanilla: 1.5 };

for (const [what, file, hint] of [
  ['dist/', path.join(DIST, 'manifest.json'), 'scripts/build-widget.sh (or scripts/run.sh)'],
  ['prongsai', BIN, 'cargo build --release -p prongsai'],
]) {
  if (!fs.existsSync(file)) {
    console.error(`no ${what} (${file}): run ${hint} first`);
    process.exit(2);
  }
}
const manifest = JSON.parse(fs.readFileSync(path.join(DIST, 'manifest.json'), 'utf8'));
const eit = JSON.parse(fs.readFileSync(path.join(ROOT, 'instruments', 'ita-eit.json'), 'utf8'));
// A build made where a browser happened to be installed carries pre-rendered first screens; the
// README's run command on a fresh machine does not: say which one is measured.
const prerendered = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8').includes('<template id="pg-first-');

/** `prongsai serve` on a free port, the widget from DIST, the unit `bench` configured. */
async function startServe() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prongsai-bench-'));
  const config = path.join(dir, 'prongsai.toml');
  fs.writeFileSync(config, '[[units]]\nid = "bench"\n\n[rate_limit]\nper_minute = 0\n');
  const child = spawn(BIN, ['serve', '--config', config, '--addr', '127.0.0.1:0', '--data-dir', dir, '--widget-dir', DIST], {
    env: { ...process.env, PRONGSAI_ADMIN_TOKEN: 'bench-admin-token-0123456789', PRONGSAI_LOG: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('prongsai serve did not start within 20 s')), 20000);
    child.on('exit', (code) => reject(new Error(`prongsai serve exited with ${code}`)));
    child.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    });
  });
  return {
    url,
    close() {
      child.kill('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const serve = await startServe();
const surveyjs = surveyJsFiles(ROOT);
// The other pages: brotli 11 like prongsai's precompressed files, so sizes compare fairly.
const hostPage = `<!doctype html><html lang="th"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>host</title><link rel="icon" href="data:,">
<script src="${serve.url}/${manifest.loader || 'prongsai.js'}" defer></script></head>
<body><h1>เทศบาลตัวอย่าง</h1><div data-prongsai data-survey="ita-eit" data-unit="bench"></div></body></html>`;
const zlib = await import('node:zlib');
const brotliPage = (html) => ({
  type: 'text/html; charset=utf-8',
  body: zlib.brotliCompressSync(Buffer.from(html), { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
  headers: { 'content-encoding': 'br', vary: 'accept-encoding' },
});
const extra = {
  '/vanilla.html': brotliPage(vanillaPage(eit)),
  '/host.html': brotliPage(hostPage),
};
if (surveyjs) extra['/surveyjs.html'] = brotliPage(surveyJsPage(eit));
const others = await startNodeEndpoint({
  dist: DIST,
  compress: true,
  extra,
  mounts: surveyjs ? { '/surveyjs/': surveyjs.dir } : {},
});

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});

// Marks the moment the first question can be answered: a radio input of the survey exists in the
// document (server-rendered markup counts: a native radio works before any script runs).
const FIRST_USABLE = () => {
  const check = () => {
    if (window.__firstUsable) return true;
    const host = document.querySelector('[data-prongsai]');
    const r = document.querySelector('#prongsai input[type=radio], .prongsai-root input[type=radio], #vanilla input[type=radio], .sd-root-modern input[type=radio]')
      || host?.shadowRoot?.querySelector('.prongsai-root input[type=radio]');
    if (r) {
      window.__firstUsable = performance.now();
      return true;
    }
    return false;
  };
  if (check()) return;
  new MutationObserver((_m, obs) => { if (check()) obs.disconnect(); })
    .observe(document, { childList: true, subtree: true });
  // Inside a shadow root a document observer sees nothing: poll every frame there.
  const poll = () => { if (!check()) requestAnimationFrame(poll); };
  document.addEventListener('DOMContentLoaded', () => { if (document.querySelector('[data-prongsai]')) poll(); });
};

/** How each page is answered screen by screen: the radio groups shown, the next button, the end. */
const DRIVERS = {
  widget: { next: '.pg-nav .pg-primary', done: '.pg-thanks', sent: '.pg-sent', text: 'textarea:visible' },
  vanilla: { next: '.pg-nav .pg-primary', done: '.pg-thanks', sent: '.pg-sent', text: 'textarea:visible' },
  surveyjs: { next: '.sd-navigation__next-btn:visible, .sd-navigation__complete-btn:visible', done: '.sd-completedpage', sent: '.pg-sent', text: 'textarea:visible' },
};

/** Self time (ms) of the renderer main thread's trace events, by event name, largest first. */
function mainThreadBreakdown(trace) {
  const events = JSON.parse(trace).traceEvents;
  const main = events.find((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return [];
  const xs = events
    .filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid && e.dur > 0)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const self = new Map();
  const stack = [];
  for (const e of xs) {
    while (stack.length && stack.at(-1).ts + stack.at(-1).dur <= e.ts) stack.pop();
    const parent = stack.at(-1);
    if (parent) self.set(parent.name, (self.get(parent.name) || 0) - e.dur);
    self.set(e.name, (self.get(e.name) || 0) + e.dur);
    stack.push(e);
  }
  return [...self].map(([name, us]) => [name, us / 1000]).sort((a, b) => b[1] - a[1]);
}
const traced = new Set();

/** Self time (ms) by function in a V8 CPU profile, largest first. */
function profileBreakdown(profile) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const dt = new Map();
  profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) || 0) + (profile.timeDeltas[i] || 0)));
  for (const [id, us] of dt) {
    const f = byId.get(id).callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url ? f.url.split('/').pop().slice(0, 24) : ''}`.trim();
    self.set(name, (self.get(name) || 0) + us / 1000);
  }
  return [...self].sort((a, b) => b[1] - a[1]);
}

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
  cdp.on('Network.responseReceived', (e) => types.set(e.requestId, { type: e.type, url: e.response.url }));
  cdp.on('Network.loadingFinished', (e) => {
    const t = types.get(e.requestId);
    if (!t) return;
    const key = t.url.split('?')[0].endsWith('.wasm') ? 'wasm' : t.type.toLowerCase();
    bytes[key] = (bytes[key] || 0) + e.encodedDataLength;
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(FIRST_USABLE);

  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__firstUsable, null, { timeout: 60000, polling: 50 });
  const firstUsable = await page.evaluate(() => window.__firstUsable);
  // The widget itself running (wasm loaded and mounted, the server's first screen taken over).
  if (kind === 'widget' || kind === 'loader') {
    await page.waitForFunction(() => {
      const el = document.querySelector('[data-prongsai-mounted]');
      return el && (el.querySelector('.pg-app') || el.shadowRoot?.querySelector('.pg-app'));
    }, null, { timeout: 60000, polling: 20 });
  }
  const takenOver = await page.evaluate(() => performance.now());
  await page.waitForLoadState('networkidle');
  const loadBytes = { ...bytes };
  if (VERBOSE) {
    const timeline = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => `${r.name.split('/').pop().slice(0, 28).padEnd(28)} start ${r.startTime.toFixed(0).padStart(5)} end ${r.responseEnd.toFixed(0).padStart(5)}`));
    console.log(`${kind}: first usable ${firstUsable.toFixed(0)} ms, taken over ${takenOver.toFixed(0)} ms\n  ${timeline.join('\n  ')}`);
  }
  if (kind === 'loader') {
    await context.close();
    if (errors.length) throw new Error(`${kind}: page errors: ${errors.join('; ')}`);
    return { firstUsable, takenOver, bytes: loadBytes, mainThreadMs: 0, jsHeap: 0, wasmMemory: 0 };
  }

  // Answer everything (the highest option, a comment) and submit; main-thread time from the
  // renderer's TaskDuration.
  const d = DRIVERS[kind];
  const metric = async (name) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name)?.value ?? 0;
  const task0 = await metric('TaskDuration');
  const tracing = (TRACE || PROFILE) && !traced.has(kind);
  if (tracing) traced.add(kind);
  if (tracing && TRACE) {
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink'] });
  }
  if (tracing && PROFILE) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  for (let screen = 0; screen < 12; screen++) {
    // The last (most positive) option of every radio group shown, marked to be clicked by its
    // label as a person would (SurveyJS wraps its visually hidden input in the label).
    const n = await page.evaluate(() => {
      const names = [];
      for (const r of document.querySelectorAll('input[type=radio]')) {
        if ((r.checkVisibility() || r.closest('label')?.checkVisibility()) && !names.includes(r.name)) names.push(r.name);
      }
      let k = 0;
      for (const name of names) {
        const radio = [...document.querySelectorAll(`input[name="${name}"]`)].filter((r) => r.value !== 'na').at(-1);
        const target = (radio.id && document.querySelector(`label[for="${radio.id}"]`)) || radio.closest('label') || radio;
        target.setAttribute('data-bench-click', String(k++));
      }
      return k;
    });
    for (let k = 0; k < n; k++) {
      const el = page.locator(`[data-bench-click="${k}"]`);
      await el.click();
      await el.evaluate((e) => e.removeAttribute('data-bench-click'));
    }
    const ta = page.locator(d.text);
    if (await ta.count()) await ta.first().fill('บริการดี');
    const before = await page.evaluate(() => [...document.querySelectorAll('h2, .sd-page__title, .sd-question__title')].find((h) => h.checkVisibility())?.textContent);
    await page.locator(d.next).first().click();
    if (await page.$(d.done)) break;
    await page.waitForFunction(([b, done]) => [...document.querySelectorAll('h2, .sd-page__title, .sd-question__title')].find((h) => h.checkVisibility())?.textContent !== b
      || document.querySelector(done), [before, d.done]);
    if (await page.$(d.done)) break;
  }
  await page.waitForSelector(d.sent, { timeout: 30000 });
  const mainThreadMs = (await metric('TaskDuration') - task0) * 1000;
  if (tracing && PROFILE) {
    const { profile } = await cdp.send('Profiler.stop');
    console.log(`${kind}: CPU profile while answering, self time by function:`);
    for (const [name, t] of profileBreakdown(profile).slice(0, 25)) console.log(`  ${name.slice(0, 90).padEnd(90)} ${t.toFixed(0).padStart(6)} ms`);
  }
  if (tracing && TRACE) {
    const trace = (await browser.stopTracing()).toString();
    fs.mkdirSync(path.dirname(OUT), { recursive: true });
    fs.writeFileSync(path.join(path.dirname(OUT), `trace-${kind}.json`), trace);
    const top = mainThreadBreakdown(trace).slice(0, VERBOSE ? 40 : 14);
    console.log(`${kind}: main thread ${mainThreadMs.toFixed(0)} ms while answering; self time by trace event:`);
    for (const [name, t] of top) console.log(`  ${name.padEnd(40)} ${t.toFixed(0).padStart(6)} ms`);
  }
  const jsHeap = await metric('JSHeapUsedSize');
  const wasmMemory = kind === 'widget'
    ? await page.evaluate(async (js) => (await import(`/${js}`)).memory_bytes(), manifest.js)
    : 0;
  await context.close();
  if (errors.length) throw new Error(`${kind}: page errors: ${errors.join('; ')}`);
  return { firstUsable, takenOver, bytes: loadBytes, mainThreadMs, jsHeap, wasmMemory };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const pages = [
  ['widget', `${serve.url}/?survey=ita-eit&unit=bench`],
  ['vanilla', `${others.url}/vanilla.html`],
  ...(surveyjs ? [['surveyjs', `${others.url}/surveyjs.html`]] : []),
  ['loader', `${others.url}/host.html`],
];
const results = {};
try {
  // Interleaved (widget, vanilla, SurveyJS, widget, …) so that a busy moment of the machine
  // does not land on one page only.
  const runs = Object.fromEntries(pages.map(([k]) => [k, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const [kind, url] of pages) runs[kind].push(await oneRun(url, kind));
  }
  for (const [kind] of pages) {
    const rs = runs[kind];
    const keys = [...new Set(rs.flatMap((r) => Object.keys(r.bytes)))];
    const bytes = Object.fromEntries(keys.map((k) => [k, median(rs.map((r) => r.bytes[k] || 0))]));
    results[kind] = {
      runs: RUNS,
      bytesOverWire: bytes,
      totalBytes: Object.values(bytes).reduce((a, b) => a + b, 0),
      firstUsableMs: median(rs.map((r) => r.firstUsable)),
      takenOverMs: median(rs.map((r) => r.takenOver)),
      mainThreadMs: median(rs.map((r) => r.mainThreadMs)),
      jsHeapBytes: median(rs.map((r) => r.jsHeap)),
      wasmMemoryBytes: median(rs.map((r) => r.wasmMemory)),
    };
  }
} finally {
  await browser.close();
  await others.close();
  serve.close();
}

// The files themselves (no headers): raw, and as the server sends them (precompressed).
const files = {};
for (const f of ['index.html', manifest.loader || 'prongsai.js', manifest.js, manifest.wasm, manifest.css]) {
  const size = (p) => (fs.existsSync(p) ? fs.statSync(p).size : null);
  files[f] = { raw: size(path.join(DIST, f)), brotli: size(path.join(DIST, `${f}.br`)), gzip: size(path.join(DIST, `${f}.gz`)) };
}

const kb = (b) => (b / 1024).toFixed(1);
const ms = (x) => `${x.toFixed(0)} ms`;
const w = results.widget;
const v = results.vanilla;
const s = results.surveyjs;
console.log(`prongsai widget benchmark — EIT survey, ${THROTTLE ? 'slow 4G (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up) + 4× CPU slowdown' : 'no throttling'}, median of ${RUNS} runs`);
console.log(`dist/: ${prerendered ? 'WITH first screens pre-rendered by a browser at build time (not what scripts/run.sh builds on a fresh machine)' : 'as scripts/run.sh builds it (no browser at build time)'}; served by prongsai serve`);
console.log('\nfiles in dist/ (bytes; .br/.gz as precompressed at build time):');
for (const [f, z] of Object.entries(files)) console.log(`  ${f.padEnd(28)} raw ${String(z.raw ?? '-').padStart(7)}  brotli ${String(z.brotli ?? '-').padStart(6)}  gzip ${String(z.gzip ?? '-').padStart(6)}`);
const cols = [['prongsai', w], ['vanilla', v], ...(s ? [['SurveyJS', s]] : [])];
const row = (label, f) => console.log(`  ${label.padEnd(30)}${cols.map(([, r]) => f(r).padStart(12)).join('')}`);
console.log(`\n  ${''.padEnd(30)}${cols.map(([n]) => n.padStart(12)).join('')}`);
const types = [...new Set(cols.flatMap(([, r]) => Object.keys(r.bytesOverWire)))];
for (const t of types) row(`over the wire: ${t}`, (r) => (r.bytesOverWire[t] ? `${kb(r.bytesOverWire[t])} KB` : '–'));
row('over the wire: total', (r) => `${kb(r.totalBytes)} KB`);
row('first question usable', (r) => ms(r.firstUsableMs));
row('wasm has taken over', (r) => (r === w ? ms(r.takenOverMs) : '–'));
row('main thread, answer + submit', (r) => ms(r.mainThreadMs));
row('memory: JS heap', (r) => `${kb(r.jsHeapBytes)} KB`);
row('memory: wasm linear memory', (r) => (r === w ? `${kb(r.wasmMemoryBytes)} KB` : '–'));

const verdict = (ok) => (ok ? 'OK' : 'OVER');
const wireKB = w.totalBytes / 1024;
console.log('\nbudgets (DESIGN.md):');
console.log(`  first load over the wire ${kb(w.totalBytes)} KB ≤ ${BUDGET.wireKB} KB: ${verdict(wireKB <= BUDGET.wireKB)}${wireKB <= BUDGET.aimKB ? ` (and ≤ the ${BUDGET.aimKB} KB aim)` : ` (aim ${BUDGET.aimKB} KB: ${kb(w.totalBytes - BUDGET.aimKB * 1024)} KB to go)`}`);
const ratioFirst = w.firstUsableMs / v.firstUsableMs;
console.log(`  first question usable ${ms(w.firstUsableMs)} ≤ ${BUDGET.firstUsableMs} ms or ≤ ${BUDGET.firstUsableVsVanilla} × vanilla (${ratioFirst.toFixed(2)} ×): ${verdict(w.firstUsableMs <= BUDGET.firstUsableMs || ratioFirst <= BUDGET.firstUsableVsVanilla)}`);
const ratioMain = w.mainThreadMs / v.mainThreadMs;
console.log(`  main thread to answer and submit ${ratioMain.toFixed(2)} × vanilla ≤ ${BUDGET.mainThreadVsVanilla} ×: ${verdict(ratioMain <= BUDGET.mainThreadVsVanilla)}`);
if (!s) console.log('  (SurveyJS not installed: `npm install --no-save survey-core survey-js-ui` to compare with it)');
const ld = results.loader;
console.log(`\nembedded on a host page of another origin with the loader (shadow root): first question usable ${ms(ld.firstUsableMs)}, wasm taken over ${ms(ld.takenOverMs)}, ${kb(ld.totalBytes)} KB over the wire (host page included)`);

fs.mkdirSync(path.dirname(OUT), { recursive: true });
fs.writeFileSync(OUT, JSON.stringify({ throttled: THROTTLE, prerendered, budget: BUDGET, files, ...results }, null, 2));
console.log(`\nwritten ${path.relative(ROOT, OUT)}`);
