// Embedding on a hostile municipal website (examples/municipal: Bootstrap-era theme with
// `* { font-size: 30px !important }`, hidden radios, table/form styles, and a strict CSP without
// inline script): the script tag, the custom element and the iframe each mount a survey that can
// be completed, keeps its layout at 360 px and 1280 px, and leaves the host page's own styles as
// they were.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  ROOT, startEndpoint, launch, openPage, axe, shot, answerScreen, until,
} from './lib/harness.mjs';
import { startNodeEndpoint } from './lib/endpoint.mjs';

const EXAMPLES = path.join(ROOT, 'examples', 'municipal');
let endpoint;
let browser;
before(async () => {
  endpoint = await startEndpoint({ mounts: { '/examples/municipal/': EXAMPLES } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await endpoint?.close();
});

const METHODS = {
  script: { page: 'script-tag.html', host: '[data-prongsai]', point: 'counter-1' },
  element: { page: 'custom-element.html', host: 'prongsai-survey', point: 'counter-2' },
  iframe: { page: 'iframe.html', host: 'iframe.prongsai-frame', point: 'registry' },
};

// Host elements whose computed styles must not change when the widget mounts.
const HOST_ELEMENTS = ['body', 'h1', '.navbar a', 'p.breadcrumb', '#in-all', 'label[for=q]', 'table td', 'fieldset', '#q', 'button[type=submit]', '.footer'];
const PROPS = ['font-size', 'font-family', 'font-style', 'color', 'background-color', 'display', 'line-height', 'margin-top', 'padding-left', 'text-transform', 'letter-spacing', 'border-top-style', 'outline-style', 'box-sizing'];

async function hostStyles(page) {
  return page.evaluate(({ sels, props }) => Object.fromEntries(sels.map((s) => {
    const el = document.querySelector(s);
    if (!el) return [s, null];
    const cs = getComputedStyle(el);
    return [s, Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]))];
  })), { sels: HOST_ELEMENTS, props: PROPS });
}

/** The frame (iframe method) or page in which the widget's own DOM lives. */
async function widgetScope(page, method) {
  if (method !== 'iframe') return page;
  const handle = await page.waitForSelector('iframe.prongsai-frame');
  return handle.contentFrame();
}

async function mounted(scope) {
  await scope.waitForSelector('[data-prongsai-mounted] .prongsai-root .pg-app', { timeout: 15000 });
}

/** Layout facts of the widget inside its shadow root or frame. */
async function widgetLayout(scope) {
  return scope.evaluate(() => {
    const roots = [];
    const walk = (node) => {
      for (const el of node.querySelectorAll('*')) {
        if (el.classList.contains('prongsai-root')) roots.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    const root = roots[0];
    const radios = [...root.querySelectorAll('input[type=radio]')];
    const r = root.getBoundingClientRect();
    const legend = root.querySelector('.pg-legend');
    return {
      rootFont: parseFloat(getComputedStyle(root).fontSize),
      legendFont: legend ? parseFloat(getComputedStyle(legend).fontSize) : null,
      legendTransform: legend ? getComputedStyle(legend).textTransform : null,
      radios: radios.length,
      radiosVisible: radios.filter((x) => x.checkVisibility() && x.getBoundingClientRect().width >= 16).length,
      width: r.width,
      right: r.right,
      viewport: document.documentElement.clientWidth,
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    };
  });
}

async function answerAndSubmit(page, scope) {
  for (let i = 0; i < 6; i++) {
    await answerScreen(scope);
    const h = await scope.textContent('.prongsai-root .pg-h');
    await scope.click('.prongsai-root .pg-nav .pg-primary');
    await until(async () => (await scope.$('.pg-thanks')) || (await scope.textContent('.prongsai-root .pg-h')) !== h, 5000, 'next screen');
    if (await scope.$('.pg-review')) await scope.click('.prongsai-root .pg-nav .pg-primary');
    if (await scope.$('.pg-thanks')) return;
  }
  throw new Error('did not reach the thank-you screen');
}

for (const [method, m] of Object.entries(METHODS)) {
  test(`${method}: on the hostile municipal page at 360 px — host styles unchanged, layout intact, completed, one record`, async () => {
    const mine = { unit: 'ban-prongsai', point: m.point };
    const before = await endpoint.count('satisfaction');
    const mineBefore = await endpoint.count('satisfaction', mine);
    const { page, context, assertClean } = await openPage(browser);
    // Hold the widget back until the host page's own styles are measured.
    let release;
    const gate = new Promise((r) => { release = r; });
    await page.route(/\/(prongsai\.js|embed\.html)(\?|$)/, async (route) => {
      await gate;
      await route.continue();
    });
    // (The held script also holds DOMContentLoaded back: wait for the parsed footer instead.)
    await page.goto(`${endpoint.url}/examples/municipal/${m.page}`, { waitUntil: 'commit' });
    await page.waitForSelector('.footer', { state: 'attached' });
    await page.waitForFunction(() => document.styleSheets.length > 0 && getComputedStyle(document.body).fontSize === '30px');
    const hostBefore = await hostStyles(page);
    assert.equal(hostBefore['#in-all'].display, 'none', "the host's own damage is in place");
    assert.equal(hostBefore.body['font-size'], '30px');
    release();
    const scope = await widgetScope(page, method);
    await mounted(scope);
    assert.deepEqual(await hostStyles(page), hostBefore, 'the host page keeps its computed styles');

    const layout = await widgetLayout(scope);
    assert.ok(Math.abs(layout.rootFont - 17) < 0.5, `widget font ${layout.rootFont}px, not the host's 30px`);
    assert.ok(layout.legendFont < 20, `question text ${layout.legendFont}px`);
    assert.equal(layout.legendTransform, 'none', 'no inherited text-transform');
    assert.ok(layout.radios > 0 && layout.radiosVisible === layout.radios, `radios visible: ${layout.radiosVisible}/${layout.radios}`);
    assert.ok(layout.right <= layout.viewport + 0.5, 'the widget fits the width');
    assert.ok(layout.overflow <= 0);
    if (method !== 'iframe') {
      assert.equal(await page.evaluate(() => document.querySelectorAll('link[rel=stylesheet]').length), 1, 'only the host stylesheet in the document');
      assert.equal(await page.evaluate(() => document.querySelectorAll('style').length), 0, 'no style element added');
    }
    const include = method === 'iframe' ? null : { fromShadowDom: [m.host, '.prongsai-root'] };
    assert.deepEqual(await axe(scope, include), [], 'axe on the widget');
    await page.locator(m.host).first().scrollIntoViewIfNeeded();
    await shot(page, `embed-${method}-360`, { from: m.host, slices: 2 });

    await answerAndSubmit(page, scope);
    await until(async () => (await endpoint.count('satisfaction')) === before + 1, 10000, 'one record');
    assert.equal(await endpoint.count('satisfaction', mine), mineBefore + 1, 'with its unit and point');
    if (endpoint.records) {
      const env = [...endpoint.records.values()].at(-1);
      assert.equal(env.instrument, 'satisfaction');
      assert.equal(env.unit, 'ban-prongsai');
      assert.equal(env.point, m.point);
    }
    // The host page heard of it: the DOM event (script/element) or the iframe message.
    const events = await until(async () => (await page.evaluate(() => globalThis.surveyEvents)).length && page.evaluate(() => globalThis.surveyEvents), 5000, 'host notified');
    assert.equal(events.length, 1);
    assert.equal(events[0].kind, method === 'iframe' ? 'message' : 'event');
    assert.equal(events[0].instrument, 'satisfaction');
    assert.match(events[0].id, /^[0-9a-f-]{36}$/);
    assert.match(await page.textContent('#survey-thanks'), /ได้รับแบบสำรวจแล้ว/);
    await shot(page, `embed-${method}-360-thanks`, { from: m.host, slices: 1 });
    assert.deepEqual(await hostStyles(page), hostBefore, 'still unchanged after submitting');
    assertClean(method);
    await context.close();
  });

  test(`${method}: on the hostile municipal page at 1280 px — layout intact, host styles unchanged`, async () => {
    const { page, context, assertClean } = await openPage(browser, { context: { viewport: { width: 1280, height: 800 } } });
    let release;
    const gate = new Promise((r) => { release = r; });
    await page.route(/\/(prongsai\.js|embed\.html)(\?|$)/, async (route) => {
      await gate;
      await route.continue();
    });
    // (The held script also holds DOMContentLoaded back: wait for the parsed footer instead.)
    await page.goto(`${endpoint.url}/examples/municipal/${m.page}`, { waitUntil: 'commit' });
    await page.waitForSelector('.footer', { state: 'attached' });
    await page.waitForFunction(() => document.styleSheets.length > 0 && getComputedStyle(document.body).fontSize === '30px');
    const hostBefore = await hostStyles(page);
    release();
    const scope = await widgetScope(page, method);
    await mounted(scope);
    assert.deepEqual(await hostStyles(page), hostBefore);
    const layout = await widgetLayout(scope);
    assert.ok(Math.abs(layout.rootFont - 17) < 0.5, `widget font ${layout.rootFont}px`);
    assert.ok(layout.radiosVisible === layout.radios && layout.radios > 0);
    assert.ok(layout.width < 760, `the survey keeps a readable width (${layout.width}px)`);
    await page.locator(m.host).first().scrollIntoViewIfNeeded();
    await shot(page, `embed-${method}-1280`, { from: m.host, slices: 1 });
    assertClean(method);
    await context.close();
  });
}

test('script: the loader starts the wasm in the same moment as the glue (no extra round trip)', async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.goto(`${endpoint.url}/examples/municipal/script-tag.html`);
  await mounted(page);
  const entries = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => ({ name: r.name.split('/').pop(), start: r.startTime, end: r.responseEnd })));
  const loader = entries.find((e) => e.name === 'prongsai.js');
  const glueJs = entries.find((e) => /^prongsai-[0-9a-f]{10}\.js$/.test(e.name));
  const wasm = entries.find((e) => e.name.endsWith('.wasm'));
  assert.ok(loader && glueJs && wasm, JSON.stringify(entries));
  assert.ok(wasm.start >= loader.end - 1, 'the wasm is named by the loader');
  assert.ok(wasm.start <= glueJs.start + 1, `the wasm request starts no later than the glue's (${wasm.start} vs ${glueJs.start})`);
  assertClean('loader');
  await context.close();
});

test('script: a host page on another origin and at any path; assets and the default endpoint resolve against the script', async () => {
  // The widget server sends Access-Control-Allow-Origin on its files (module import and the wasm
  // fetch are CORS requests); the host page names the widget's origin in its CSP.
  const widget = await startNodeEndpoint({ dist: path.join(ROOT, 'dist'), cors: true });
  const read = (f) => fs.readFileSync(path.join(EXAMPLES, f), 'utf8');
  const page1 = read('script-tag.html')
    .replace('src="/prongsai.js"', `src="${widget.url}/prongsai.js"`)
    .replace("script-src 'self'", `script-src 'self' ${widget.url}`)
    .replace("style-src 'self'", `style-src 'self' ${widget.url}`)
    .replace("connect-src 'self'", `connect-src 'self' ${widget.url}`);
  const host = await startNodeEndpoint({
    dist: EXAMPLES,
    extra: {
      '/th/services/satisfaction/index.html': { type: 'text/html; charset=utf-8', body: page1 },
      '/th/services/satisfaction/municipal.css': { type: 'text/css', body: read('municipal.css') },
      '/th/services/satisfaction/municipal.js': { type: 'text/javascript', body: read('municipal.js') },
    },
  });
  const { page, context, assertClean } = await openPage(browser);
  try {
    await page.goto(`${host.url}/th/services/satisfaction/index.html`);
    await mounted(page);
    const base = await page.evaluate(() => globalThis.__prongsaiBase);
    assert.equal(base, `${widget.url}/`);
    await answerAndSubmit(page, page);
    await until(async () => widget.records.size === 1, 10000, 'stored on the widget server');
    assert.equal(host.posts.length, 0, 'nothing posted to the host');
    assertClean('cross-origin');
  } finally {
    await context.close();
    await host.close();
    await widget.close();
  }
});

test('custom element: host CSS and the theme attribute style it; attribute changes update it; removal tears it down; prongsai-submitted event', async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.goto(`${endpoint.url}/examples/municipal/custom-element.html`);
  await mounted(page);
  const style = (sel, prop) => page.locator(sel).first().evaluate((el, p) => getComputedStyle(el).getPropertyValue(p), prop);
  // From the host page's CSS (prongsai-survey { --prongsai-accent: #8b0000 }) and theme="radius: 4px".
  assert.equal(await style('prongsai-survey .pg-lang', 'color'), 'rgb(139, 0, 0)');
  assert.equal(await style('prongsai-survey .pg-lang', 'border-top-left-radius'), '4px');

  await answerScreen(page, () => 0);
  const checked = () => page.locator('prongsai-survey input[type=radio]:checked').count();
  const answered = await checked();
  assert.ok(answered >= 2);
  const set = (attr, value) => page.evaluate(([a, v]) => {
    const el = document.querySelector('prongsai-survey');
    if (v === null) el.removeAttribute(a);
    else el.setAttribute(a, v);
  }, [attr, value]);

  await set('lang', 'en');
  await until(async () => (await page.getAttribute('prongsai-survey .pg-app', 'lang')) === 'en', 5000, 'English');
  assert.match(await page.textContent('prongsai-survey .pg-progress'), /Part\s1 of\s3/);
  assert.equal(await checked(), answered, 'answers kept when the language changes');
  assert.equal(await page.getAttribute('html', 'lang'), 'th', 'the host page keeps its language');

  await set('theme', 'accent: #005a32; radius: 0');
  await until(async () => (await style('prongsai-survey .pg-lang', 'color')) === 'rgb(0, 90, 50)', 5000, 'new accent');
  assert.equal(await style('prongsai-survey .pg-lang', 'border-top-left-radius'), '0px');
  await set('large', '');
  await until(async () => (await page.$('prongsai-survey .pg-app.pg-large')) !== null, 5000, 'larger text');
  assert.ok(parseFloat(await style('prongsai-survey .pg-legend', 'font-size')) >= 20);
  assert.equal(await page.getAttribute('prongsai-survey .pg-tool[aria-pressed]', 'aria-pressed'), 'true');
  assert.equal(await checked(), answered, 'answers kept when theme and text size change');
  await shot(page, 'embed-element-changed', { from: 'prongsai-survey', slices: 1 });
  assert.deepEqual(await axe(page, { fromShadowDom: ['prongsai-survey', '.prongsai-root'] }), []);

  await set('unit', 'another-unit');
  await until(async () => (await checked()) === 0, 5000, 'a fresh survey for another unit');

  // Removal: the app is torn down; putting the element back mounts a fresh one.
  await page.evaluate(() => {
    const el = document.querySelector('prongsai-survey');
    globalThis.removed = el;
    el.remove();
  });
  assert.equal(await page.evaluate(() => globalThis.removed.shadowRoot.querySelector('.prongsai-root')), null, 'torn down');
  assert.equal(await page.evaluate(() => globalThis.removed.hasAttribute('data-prongsai-mounted')), false);

  // A new element, created by script: the one-tap quick survey, and its submitted event.
  await page.evaluate(() => {
    globalThis.submitted = [];
    document.addEventListener('prongsai-submitted', (e) => globalThis.submitted.push({
      target: e.target.tagName.toLowerCase(), composed: e.composed, bubbles: e.bubbles, detail: e.detail,
    }));
    const el = document.createElement('prongsai-survey');
    el.setAttribute('survey', 'quick');
    el.setAttribute('unit', 'ban-prongsai');
    document.querySelector('main').prepend(el);
  });
  await page.waitForSelector('prongsai-survey[survey=quick] .pg-opt');
  await page.click('prongsai-survey[survey=quick] .pg-opt >> nth=4');
  await page.click('prongsai-survey[survey=quick] .pg-nav .pg-primary');
  await page.waitForSelector('prongsai-survey[survey=quick] .pg-thanks');
  const [ev] = await until(async () => (await page.evaluate(() => globalThis.submitted)).length && page.evaluate(() => globalThis.submitted), 5000, 'event');
  assert.equal(ev.target, 'prongsai-survey', 'retargeted to the element (composed)');
  assert.ok(ev.composed && ev.bubbles);
  assert.equal(ev.detail.instrument, 'quick');
  assert.match(ev.detail.id, /^[0-9a-f-]{36}$/);
  assert.ok(ev.detail.scores && typeof ev.detail.scores === 'object', 'scores in the detail');
  assert.equal(ev.detail.answers, undefined, 'no answers in the event');
  assertClean('custom element');
  await context.close();
});

test('iframe: height messages follow the content; the submitted message carries only id and instrument', async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.addInitScript(() => {
    globalThis.messages = [];
    addEventListener('message', (e) => globalThis.messages.push(e.data));
  });
  await page.goto(`${endpoint.url}/examples/municipal/iframe.html`);
  const frame = await widgetScope(page, 'iframe');
  await mounted(frame);
  const frameHeight = () => frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
  const iframeHeight = () => page.evaluate(() => document.querySelector('iframe.prongsai-frame').getBoundingClientRect().height);
  await until(async () => Math.abs((await iframeHeight()) - (await frameHeight())) <= 1, 5000, 'iframe as tall as its content');
  const h1 = await iframeHeight();
  assert.ok(h1 > 1000, `auto-resized to ${h1}px`);
  const msgs = await page.evaluate(() => globalThis.messages);
  assert.ok(msgs.some((m) => m.type === 'prongsai:height' && typeof m.height === 'number'));
  // Larger text makes it taller; the host follows.
  await frame.click('.pg-tool');
  await until(async () => (await iframeHeight()) > h1 + 50, 5000, 'taller with larger text');
  await until(async () => Math.abs((await iframeHeight()) - (await frameHeight())) <= 1, 5000, 'follows');
  await frame.click('.pg-tool');
  await answerAndSubmit(page, frame);
  await until(async () => (await page.evaluate(() => globalThis.messages)).some((m) => m.type === 'prongsai:submitted'), 5000, 'submitted message');
  const sub = (await page.evaluate(() => globalThis.messages)).find((m) => m.type === 'prongsai:submitted');
  assert.deepEqual(Object.keys(sub).sort(), ['id', 'instrument', 'type']);
  assert.equal(sub.instrument, 'satisfaction');
  // Shorter again on the thank-you screen.
  await until(async () => (await iframeHeight()) < h1 && Math.abs((await iframeHeight()) - (await frameHeight())) <= 1, 5000, 'shrinks');
  assertClean('iframe');
  await context.close();
});

test('several widgets on one page (placeholders, one without shadow root, an element, one added later with prongsai.mount), each with its own ids', async () => {
  const host = `<!doctype html><html lang="th"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
    <title>หลายแบบสำรวจ</title><link rel="icon" href="data:,"><script src="/prongsai.js" defer></script></head><body>
    <div data-prongsai data-survey="quick" data-unit="demo" data-point="counter-1"></div>
    <div data-prongsai data-survey="satisfaction" data-unit="demo" data-lang="en"></div>
    <prongsai-survey survey="quick" unit="demo" point="counter-2" large></prongsai-survey>
    <div id="later"></div>
    <div data-prongsai data-shadow="off" data-survey="quick" data-unit="demo" id="light"></div></body></html>`;
  const ep = await startEndpoint({ extra: { '/many.html': { type: 'text/html; charset=utf-8', body: host } } });
  const { page, context, assertClean } = await openPage(browser, { context: { viewport: { width: 1280, height: 800 } } });
  try {
    await page.goto(`${ep.url}/many.html`);
    await until(async () => (await page.locator('.prongsai-root .pg-app').count()) === 4, 10000, 'four widgets');
    await page.evaluate(() => globalThis.prongsai.mount(document.getElementById('later'), { survey: 'quick', unit: 'demo', lang: 'en' }));
    await until(async () => (await page.locator('.prongsai-root .pg-app').count()) === 5, 5000, 'a fifth, mounted later');
    assert.ok(await page.evaluate(() => document.getElementById('later').shadowRoot !== null), 'in a shadow root');
    // data-shadow="off": rendered into the element itself, with the stylesheet in the document.
    assert.ok(await page.evaluate(() => document.querySelector('#light > .prongsai-root') !== null && !document.getElementById('light').shadowRoot));
    assert.equal(await page.evaluate(() => document.querySelectorAll('link[rel=stylesheet]').length), 1);
    const langs = await page.locator('.prongsai-root .pg-app').evaluateAll((l) => l.map((a) => a.lang));
    assert.deepEqual(langs.sort(), ['en', 'en', 'th', 'th', 'th'], 'each with its own settings');
    const headings = await page.locator('.prongsai-root .pg-h').evaluateAll((l) => l.map((h) => h.id));
    assert.equal(new Set(headings).size, 5, `unique ids: ${headings}`);
    assert.equal(await page.locator('prongsai-survey .pg-app.pg-large').count(), 1);
    // Answer the element's quick survey and submit only that one.
    await page.click('prongsai-survey .pg-opt >> nth=2');
    await page.click('prongsai-survey .pg-nav .pg-primary');
    await page.waitForSelector('prongsai-survey .pg-thanks');
    await until(async () => (await ep.count('quick')) === 1, 10000, 'stored');
    assert.equal(await ep.count('quick', { unit: 'demo', point: 'counter-2' }), 1);
    assert.equal(await page.locator('.pg-thanks').count(), 1, 'the other widgets are untouched');
    await page.waitForSelector('prongsai-survey .pg-sent');
    assert.equal(await page.locator('.pg-sent').count(), 1, '"sent" only in the widget that sent');
    await shot(page, 'embed-several', { slices: 2 });
    assertClean('several');
  } finally {
    await context.close();
    await ep.close();
  }
});

test('a host CSP without \'wasm-unsafe-eval\': the placeholder says the survey could not start (no blank space)', async () => {
  const host = `<!doctype html><html lang="th"><head><meta charset="utf-8">
    <meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'">
    <title>CSP</title><link rel="icon" href="data:,"><script src="/prongsai.js" defer></script></head><body>
    <div data-prongsai data-survey="quick" data-unit="demo"></div></body></html>`;
  const ep = await startEndpoint({ extra: { '/strict.html': { type: 'text/html; charset=utf-8', body: host } } });
  const { page, context, assertClean } = await openPage(browser, {
    allow: (p) => p.kind === 'console' && /WebAssembly|wasm|prongsai|Content Security Policy/i.test(p.text),
  });
  try {
    await page.goto(`${ep.url}/strict.html`);
    await page.waitForSelector('[data-prongsai] [role=alert]', { timeout: 10000 });
    assert.match(await page.textContent('[data-prongsai] [role=alert]'), /ไม่สามารถเริ่มแบบสำรวจได้/);
    assertClean('strict CSP');
  } finally {
    await context.close();
    await ep.close();
  }
});
