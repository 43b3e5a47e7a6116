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
  const token = 'e2e-admin-token';
  const child = spawn(
    bin,
    ['serve', '--addr', '127.0.0.1:0', '--data-dir', dir, '--widget-dir', DIST],
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
  const front = await startNodeEndpoint({ dist: DIST, upstream, ...opts });
  return {
    ...front,
    kind: 'serve',
    async count(instrument = 'ita-eit') {
      const r = await fetch(`${upstream}/api/v1/results?instrument=${encodeURIComponent(instrument)}`, {
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
    if (m.type() === 'error') note({ kind: 'console', text: m.text(), url: m.location()?.url });
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

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules); returns serious and critical violations. */
export async function axe(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) {
    await page.addScriptTag({ content: AXE });
  }
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')).slice(0, 5) }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/**
 * Screenshots into e2e/artifacts/: <name>.png is what a 360×740 phone shows (top of the screen),
 * <name>.N.png the following 740 px slices of a taller page. Also fails on horizontal overflow.
 */
export async function shot(page, name) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const f of fs.readdirSync(ARTIFACTS)) {
    if (f.startsWith(`${name}.`) && f.endsWith('.png')) fs.rmSync(path.join(ARTIFACTS, f));
  }
  const { height, overflow } = await page.evaluate(() => ({
    height: document.documentElement.scrollHeight,
    overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  }));
  for (let y = 0, k = 0; y < height && k < 12; y += VIEWPORT.height, k++) {
    const clip = { x: 0, y, width: VIEWPORT.width, height: Math.min(VIEWPORT.height, height - y) };
    await page.screenshot({ path: path.join(ARTIFACTS, k === 0 ? `${name}.png` : `${name}.${k}.png`), clip, fullPage: true });
  }
  if (overflow > 0) throw new Error(`${name}: the page scrolls horizontally by ${overflow}px at 360px`);
}

/** Answers the visible radio groups of the screen: option index `pick(groupIndex, count)`; a
 *  negative or null pick leaves the group unanswered. */
export async function answerScreen(page, pick = (_g, n) => n - 1) {
  const groups = await page.evaluate(() => {
    const names = [];
    for (const r of document.querySelectorAll('.prongsai-root input[type=radio]')) {
      if (!names.includes(r.name)) names.push(r.name);
    }
    return names.map((n) => ({ name: n, ids: [...document.querySelectorAll(`input[name="${n}"]`)].map((r) => r.id) }));
  });
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
