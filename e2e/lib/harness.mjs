// End-to-end harness: the endpoint under test, Chromium through playwright-core, axe-core,
// screenshots, and a guard that fails a test on page errors, console errors, failed requests and
// HTTP errors (unless a test says which ones it expects).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startNodeEndpoint } from './endpoint.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = process.env.PRONGSAI_DIST || path.join(ROOT, 'dist');
export const ARTIFACTS = path.join(ROOT, 'e2e', 'artifacts');
export const VIEWPORT = { width: 360, height: 740 };
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/**
 * The endpoint the tests talk to. PRONGSAI_E2E_SERVER=serve switches every test to the real
 * `target/release/prongsai serve` (behind a fault-injecting Node proxy); the default is the small
 * Node endpoint of e2e/lib/endpoint.mjs. Both return the same interface:
 *   { url, count(instrumentId) → stored responses, failNext(n, status), close() }.
 */
export async function startEndpoint(opts = {}) {
  if ((process.env.PRONGSAI_E2E_SERVER || 'node') === 'serve') return startProngsaiServe(opts);
  return startNodeEndpoint({ dist: DIST, ...opts });
}

/** `prongsai serve --addr 127.0.0.1:0`, waiting for its `listening on http://…` line. */
export async function startProngsaiServe(opts = {}) {
  const bin = process.env.PRONGSAI_BIN || path.join(ROOT, 'target', 'release', 'prongsai');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prongsai-e2e-'));
  const token = 'e2e-admin-token-0123456789'; // the server wants at least 16 characters
  // Every unit and service point the tests use (the server accepts only configured ones), and
  // the custom instrument of tests/fixtures.
  const units = ['demo', 'demo-unit', 'host-demo', 'from-config', 'blocked', 'closed-tab', 'draft', 'khamlai',
    'kiosk-offline', 'kiosk-unit', 'offline', 'prerender', 'rejected', 'retry', 'ban-prongsai', 'another-unit', 'bench'];
  const points = ['counter-1', 'counter-2', 'counter-3', 'registry'];
  const config = path.join(dir, 'prongsai.toml');
  fs.writeFileSync(config, [
    `instrument_files = [${JSON.stringify(path.join(ROOT, 'tests', 'fixtures', 'custom.json'))}]`,
    'contact = "โทร 0 2123 4567 · LINE @agency"', // shown on the survey page's error screen
    ...(opts.config || []), // top-level settings a test adds (e.g. `code_surveys = ["ita-iit"]`)
    ...units.map((u) => `[[units]]\nid = "${u}"\npoints = ${JSON.stringify(points)}`),
    '[rate_limit]\nper_minute = 0',
  ].join('\n'));
  const child = spawn(
    bin,
    ['serve', '--config', config, '--addr', '127.0.0.1:0', '--data-dir', dir, '--widget-dir', DIST],
    { env: { ...process.env, PRONGSAI_ADMIN_TOKEN: token }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const upstream = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('prongsai serve did not print "listening on" within 20 s')), 20000);
    child.on('exit', (code) => reject(new Error(`prongsai serve exited with ${code}`)));
    child.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(/listening on (http:\/\/[^\s]+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    });
  });
  // Fault injection happens in a Node proxy in front of the real server.
  const { config: _extra, ...frontOpts } = opts;
  const front = await startNodeEndpoint({ dist: DIST, upstream, ...frontOpts });
  return {
    ...front,
    // For tests that talk to the real server directly (admin API, CLI on the same data).
    upstream,
    token,
    dataDir: dir,
    configFile: config,
    bin,
    // The front proxy stores nothing: envelope-level checks (`if (endpoint.records)`) are skipped.
    records: null,
    kind: 'serve',
    async count(instrument = 'ita-eit', { unit, point } = {}) {
      const q = new URLSearchParams({ instrument });
      if (unit !== undefined) q.set('unit', unit);
      if (point !== undefined) q.set('point', point);
      const r = await fetch(`${upstream}/api/v1/results?${q}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (!r.ok) throw new Error(`results API: HTTP ${r.status}`);
      return (await r.json()).n;
    },
    async close() {
      await front.close();
      child.kill('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/**
 * A fresh context and page at 360×740 with the guard installed.
 * allow(problem) → true for problems the test expects (e.g. injected 500s, requests while offline).
 */
export async function openPage(browser, { allow = () => false, context: ctxOpts = {} } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1, ...ctxOpts });
  const page = await context.newPage();
  const problems = [];
  const note = (p) => {
    if (!allow(p)) problems.push(p);
  };
  page.on('pageerror', (e) => note({ kind: 'pageerror', text: e.message }));
  page.on('console', (m) => {
    // axe-core (evaluated by the test, so without a script URL) adds a <style> that a strict CSP
    // refuses; that is the test tool's problem, not the page's.
    const fromTest = !m.location()?.url && /^Applying inline style violates/.test(m.text());
    if (m.type() === 'error' && !fromTest) note({ kind: 'console', text: m.text(), url: m.location()?.url });
  });
  page.on('requestfailed', (r) => note({ kind: 'requestfailed', text: `${r.method()} ${r.url()} ${r.failure()?.errorText}`, url: r.url() }));
  page.on('response', (r) => {
    if (r.status() >= 400) note({ kind: 'http', status: r.status(), text: `${r.status()} ${r.url()}`, url: r.url() });
  });
  return {
    context,
    page,
    problems,
    assertClean(label = '') {
      if (problems.length) {
        throw new Error(`${label}: unexpected page problems:\n${problems.map((p) => `  ${p.kind}: ${p.text}`).join('\n')}`);
      }
    },
  };
}

/** Waits until the widget itself (not the pre-rendered first screen) has rendered. */
export async function ready(page) {
  await page.waitForSelector('[data-prongsai-mounted] .prongsai-root :is(.pg-app, .pg-error-screen)', { timeout: 15000 });
}

const AXE = fs.readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) in a page or frame; returns serious and critical
 * violations. `include`: an axe context to check only part of the page (e.g. the widget on a
 * host page: `{ fromShadowDom: ['prongsai-survey', '.prongsai-root'] }`).
 */
export async function axe(page, include = null) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    // Through the DevTools protocol, not a <script> element: a page's CSP does not apply.
    await page.evaluate(AXE);
  }
  const result = await page.evaluate(async (include) => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(include ? { include: [include] } : document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  }, include);
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Screenshots into e2e/artifacts/: <name>.png is what the viewport shows (top of the screen; a
 * 360×740 phone unless the page was opened otherwise), <name>.N.png the following slices of a
 * taller page (`from`: start at this element instead of the top). Also fails on horizontal
 * overflow.
 */
export async function shot(page, name, { from = null, slices = 12 } = {}) {
  const vp = page.viewportSize() || VIEWPORT;
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const f of fs.readdirSync(ARTIFACTS)) {
    if (f.startsWith(`${name}.`) && f.endsWith('.png')) fs.rmSync(path.join(ARTIFACTS, f));
  }
  const { height, overflow, top } = await page.evaluate((from) => {
    const el = from && document.querySelector(from);
    return {
      height: document.documentElement.scrollHeight,
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      top: el ? Math.max(0, Math.floor(el.getBoundingClientRect().top + window.scrollY)) : 0,
    };
  }, from);
  for (let y = top, k = 0; y < height && k < slices; y += vp.height, k++) {
    const clip = { x: 0, y, width: vp.width, height: Math.min(vp.height, height - y) };
    await page.screenshot({ path: path.join(ARTIFACTS, k === 0 ? `${name}.png` : `${name}.${k}.png`), clip, fullPage: true });
  }
  if (overflow > 0) throw new Error(`${name}: the page scrolls horizontally by ${overflow}px at ${vp.width}px`);
}

/** Answers the visible radio groups of the screen: option index `pick(groupIndex, count)`; a
 *  negative or null pick leaves the group unanswered. */
export async function answerScreen(page, pick = (_g, n) => n - 1, within = null) {
  const groups = await page.evaluate((within) => {
    // Every widget root on the page, also inside open shadow roots.
    const roots = [];
    const walk = (node) => {
      for (const el of node.querySelectorAll('*')) {
        if (el.classList.contains('prongsai-root')) roots.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    const names = [];
    const radios = roots.flatMap((r) => [...r.querySelectorAll('input[type=radio]')]).filter((r) => !within || r.id.startsWith(within));
    for (const r of radios) {
      if (!names.includes(r.name)) names.push(r.name);
    }
    return names.map((n) => ({ name: n, ids: radios.filter((r) => r.name === n).map((r) => r.id) }));
  }, within);
  for (const [g, { ids }] of groups.entries()) {
    const want = pick(g, ids.length);
    if (want === null || want < 0) continue;
    const k = Math.min(ids.length - 1, want);
    await page.click(`label[for="${ids[k]}"]`);
  }
  return groups.length;
}

/** The text of the focused element's closest heading or label (for focus assertions). */
export async function focused(page) {
  return page.evaluate(() => {
    const a = document.activeElement;
    return a ? { tag: a.tagName.toLowerCase(), id: a.id, cls: a.className, type: a.type || '', text: (a.textContent || '').trim().slice(0, 80), visible: a.matches(':focus-visible') } : null;
  });
}

export async function heading(page) {
  return (await page.textContent('.prongsai-root .pg-h'))?.trim();
}

export async function clickNext(page) {
  await page.click('.prongsai-root .pg-nav .pg-primary');
}

/** Polls `fn` until it returns a truthy value (or throws after `ms`). */
export async function until(fn, ms = 20000, what = 'condition') {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
