// Filling surveys end to end in real Chromium at 360×740: every screen is screenshotted and
// checked with axe-core; the endpoint must hold exactly the submitted response.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startEndpoint, launch, openPage, ready, axe, shot, answerScreen, heading, clickNext, focused, until,
} from './lib/harness.mjs';

let endpoint;
let browser;
before(async () => {
  endpoint = await startEndpoint();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await endpoint?.close();
});

async function checkScreen(page, name) {
  const violations = await axe(page);
  assert.deepEqual(violations, [], `${name}: axe serious/critical violations: ${JSON.stringify(violations, null, 1)}`);
  await shot(page, name);
}

test('EIT: fill every section with the mouse, review, submit; exactly one record reaches the endpoint', async () => {
  const { page, assertClean, context } = await openPage(browser);
  await page.goto(`${endpoint.url}/?survey=ita-eit&unit=demo-unit&point=counter-1`);
  await ready(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'th');
  assert.match(await page.textContent('.pg-own'), /ไม่ใช่ผลการประเมิน ITA อย่างเป็นทางการ/);
  assert.equal(await page.getAttribute('meta[name=referrer]', 'content'), 'no-referrer');

  let screen = 1;
  for (;;) {
    const h = await heading(page);
    const progress = await page.textContent('.pg-progress');
    assert.match(progress, new RegExp(`ส่วนที่\\s${screen} จาก\\s4`));
    await checkScreen(page, `eit-${screen}-empty`);
    await answerScreen(page);
    if (await page.$('textarea')) {
      await page.fill('textarea', 'บริการดีมาก ขอบคุณครับ');
      assert.match(await page.textContent('.pg-count'), /^22\/\d+\sตัวอักษร$/);
    }
    await checkScreen(page, `eit-${screen}-answered`);
    await clickNext(page);
    await until(async () => (await heading(page)) !== h, 5000, 'next screen');
    const f = await focused(page);
    assert.equal(f.tag, 'h2', 'focus moves to the new screen heading');
    if (await page.$('.pg-review')) break;
    screen += 1;
  }
  assert.equal(screen, 4);
  assert.equal(await heading(page), 'ตรวจทานคำตอบ');
  assert.match(await page.textContent('.pg-review'), /มากที่สุด/);
  assert.match(await page.textContent('.pg-review'), /บริการดีมาก/);
  await checkScreen(page, 'eit-5-review');

  await page.click('.pg-nav .pg-primary');
  await page.waitForSelector('.pg-thanks');
  await until(async () => (await endpoint.count('ita-eit')) === 1, 10000, 'one stored record');
  await page.waitForSelector('.pg-sent');
  assert.match(await page.textContent('.pg-status'), /ส่งแล้ว/);
  await checkScreen(page, 'eit-6-thanks');

  if (endpoint.records) {
    const [env] = [...endpoint.records.values()];
    assert.equal(env.format, 'prongsai.response/1');
    assert.equal(env.instrument, 'ita-eit');
    assert.equal(env.unit, 'demo-unit');
    assert.equal(env.point, 'counter-1');
    assert.match(env.submitted, /^\d{4}-\d{2}-\d{2}$/, 'date only, no time');
    assert.match(env.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(env.answers['e1.1'], 4);
    assert.equal(env.answers.comment, 'บริการดีมาก ขอบคุณครับ');
    assert.ok(env.scores && env.scores.tools, 'scores computed in the browser');
    const post = endpoint.posts.at(-1);
    assert.equal(post.key, env.id, 'Idempotency-Key = envelope id');
    assert.equal(post.headers.cookie, undefined);
    assert.equal(post.headers.referer, undefined, 'no referrer');
    assert.deepEqual(Object.keys(env).sort(), ['answers', 'edition', 'format', 'id', 'instrument', 'locale', 'point', 'scores', 'submitted', 'unit']);
  }
  // The queue is empty and the draft is gone.
  const left = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('prongsai:')));
  assert.deepEqual(left, []);
  assertClean('EIT');
  await context.close();
});

test('IIT: keyboard only, with visible focus; required answers are checked when leaving a screen', async () => {
  const { page, assertClean, context } = await openPage(browser);
  await page.goto(`${endpoint.url}/?survey=ita-iit&unit=demo-unit`);
  await ready(page);
  const before = endpoint.records ? endpoint.records.size : await endpoint.count('ita-iit');

  // Leaving the first screen empty: a message, and focus on the first missing answer.
  await page.focus('.pg-nav .pg-primary');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.pg-summary');
  let f = await focused(page);
  assert.equal(f.type, 'radio', 'focus is on the first missing answer');
  assert.ok(f.id.endsWith('-0'));
  await checkScreen(page, 'iit-1-missing');

  // Keyboard only from here: Tab through the screen, ArrowDown in every radio group
  // (selects the second option), type into text fields, Enter on the primary button.
  let screens = 0;
  for (let guard = 0; guard < 2000; guard++) {
    f = await focused(page);
    if (f && f.type === 'radio') {
      await page.keyboard.press('ArrowDown');
      const g = await focused(page);
      assert.ok(g.visible, 'keyboard focus is visible');
      await page.keyboard.press('Tab');
      continue;
    }
    if (f && f.tag === 'textarea') {
      await page.keyboard.type('ทดสอบด้วยแป้นพิมพ์');
      await page.keyboard.press('Tab');
      continue;
    }
    if (f && f.tag === 'button' && /pg-primary/.test(f.cls)) {
      const done = /ส่งคำตอบ/.test(f.text);
      await page.keyboard.press('Enter');
      if (done) break;
      screens += 1;
      await until(async () => (await focused(page))?.tag === 'h2', 5000, 'heading focus');
      continue;
    }
    await page.keyboard.press('Tab');
  }
  assert.ok(screens >= 5, `went through ${screens} screens`);
  await page.waitForSelector('.pg-thanks');
  await until(async () => (endpoint.records ? endpoint.records.size : await endpoint.count('ita-iit')) === before + 1, 10000, 'IIT stored');
  if (endpoint.records) {
    const env = [...endpoint.records.values()].find((e) => e.instrument === 'ita-iit');
    assert.equal(env.answers['i1.1'], 2, 'ArrowDown selected the second option');
  }
  assertClean('IIT');
  await context.close();
});

test('English switch at any time keeps the answers; lang attribute follows', async () => {
  const { page, assertClean, context } = await openPage(browser);
  await page.goto(`${endpoint.url}/?survey=ita-eit`);
  await ready(page);
  await answerScreen(page, () => 0);
  await page.click('.pg-lang');
  assert.equal(await page.getAttribute('.pg-app', 'lang'), 'en');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.textContent('.pg-progress'), /Part\s1 of\s4/);
  assert.match(await page.textContent('.pg-own'), /not the official ITA result/);
  const checked = await page.$$eval('input[type=radio]:checked', (l) => l.length);
  assert.ok(checked >= 5, 'answers kept after switching language');
  await checkScreen(page, 'eit-en');
  await page.click('.pg-lang');
  assert.equal(await page.getAttribute('html', 'lang'), 'th');
  assertClean('lang');
  await context.close();
});

test('satisfaction: profile, ratings, suggestion; the respondent sees their own rating', async () => {
  const { page, assertClean, context } = await openPage(browser);
  await page.goto(`${endpoint.url}/?survey=satisfaction&unit=demo-unit`);
  await ready(page);
  for (let i = 1; i < 10 && !(await page.$('.pg-review')); i++) {
    await answerScreen(page, (_g, n) => n - 1);
    await shot(page, `satisfaction-${i}`);
    assert.deepEqual(await axe(page), []);
    const h = await heading(page);
    await clickNext(page);
    await until(async () => (await heading(page)) !== h, 5000, 'next screen');
  }
  await page.click('.pg-nav .pg-primary');
  await page.waitForSelector('.pg-thanks');
  assert.match(await page.textContent('.pg-rating'), /ความพึงพอใจของท่าน: 100\.00%/);
  await shot(page, 'satisfaction-thanks');
  assertClean('satisfaction');
  await context.close();
});

test('quick: faces as radios, submitted with the button (no submit-on-select); thank-you with the rating', async () => {
  const { page, assertClean, context } = await openPage(browser);
  await page.goto(`${endpoint.url}/?survey=quick&unit=demo-unit`);
  await ready(page);
  assert.deepEqual(await axe(page), []);
  await shot(page, 'quick-1');
  await answerScreen(page, () => 3);
  assert.equal(await page.$('.pg-thanks'), null, 'choosing a face does not submit');
  await clickNext(page);
  await page.waitForSelector('.pg-thanks');
  assert.match(await page.textContent('.pg-rating'), /80\.00%/);
  await shot(page, 'quick-thanks');
  assertClean('quick');
  await context.close();
});

test('an instrument from a URL with every scale kind: select, yes/no, sub-items, not applicable, multiple, number, text', async () => {
  const fs = await import('node:fs');
  const custom = fs.readFileSync(new URL('../tests/fixtures/custom.json', import.meta.url), 'utf8');
  const ep = await startEndpoint({ extra: { '/surveys/khamlai.json': { body: custom } } });
  const { page, assertClean, context } = await openPage(browser);
  try {
    await page.goto(`${ep.url}/?survey=/surveys/khamlai.json&unit=khamlai`);
    await ready(page);
    await page.selectOption('select', { index: 2 });
    await page.click('label:has-text("ใช่")');
    await checkScreen(page, 'custom-1');
    await clickNext(page);
    await until(async () => (await heading(page)) === 'การให้บริการ', 5000, 'service section');
    const groups = await page.$$('fieldset.pg-sub');
    for (const g of groups) await (await g.$$('label')).at(-1).click();
    await page.click('label[for=pg1-q2-5]'); // ไม่ได้ใช้บริการนี้ (not applicable)
    assert.equal(await page.$('input[type=number]'), null, 'visits only for q2 in [1, 2]');
    await page.click('label[for=pg1-q2-0]'); // น้อยที่สุด
    await page.fill('input[type=number]', '3');
    await page.click('label:has-text("โทรศัพท์")');
    await page.click('label:has-text("LINE")');
    await checkScreen(page, 'custom-2');
    await clickNext(page);
    await until(async () => (await heading(page)) === 'ข้อเสนอแนะ', 5000, 'last section');
    await page.fill('textarea', 'ขอบคุณ');
    await clickNext(page);
    await page.waitForSelector('.pg-review');
    await checkScreen(page, 'custom-review');
    await page.click('.pg-nav .pg-primary');
    await until(async () => (await ep.count('khamlai-service')) === 1, 10000, 'stored');
    if (ep.records) {
      const env = [...ep.records.values()][0];
      assert.deepEqual(env.answers, {
        age: '30-59', contacted: 'yes', 'q1.1': 4, 'q1.2': 4, q2: 1, visits: 3, how: ['phone', 'line'], comment: 'ขอบคุณ',
      });
    }
    assertClean('custom');
  } finally {
    await context.close();
    await ep.close();
  }
});

test('embedded in a host page with data- attributes and the loader (stylesheet in a shadow root, default endpoint on the widget server)', async () => {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const { DIST } = await import('./lib/harness.mjs');
  const manifest = JSON.parse(fs.readFileSync(path.join(DIST, 'manifest.json'), 'utf8'));
  const host = `<!doctype html><html lang="th"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
    <title>เทศบาลตัวอย่าง</title><link rel="icon" href="data:,">
    <style>body{font:20px serif;margin:0} label{display:inline} input{width:300px} fieldset{border:3px dashed red}</style></head>
    <body><header><h1>เทศบาลตำบลตัวอย่าง</h1></header><main>
    <div data-prongsai data-survey="quick" data-unit="host-demo" data-point="counter-2"></div></main>
    <script src="/${manifest.loader}" defer></script></body></html>`;
  const ep = await startEndpoint({ extra: { '/host.html': { type: 'text/html; charset=utf-8', body: host } } });
  const { page, assertClean, context } = await openPage(browser);
  try {
    await page.goto(`${ep.url}/host.html`);
    await ready(page);
    assert.equal(await page.evaluate(() => document.querySelectorAll('link[rel=stylesheet]').length), 0, 'nothing added to the host document');
    assert.equal(
      await page.evaluate(() => document.querySelector('[data-prongsai]').shadowRoot.querySelectorAll('link[rel=stylesheet]').length),
      1,
      'the stylesheet is inside the shadow root',
    );
    assert.equal(await page.getAttribute('html', 'lang'), 'th', 'the host page is left alone');
    await shot(page, 'embedded-host');
    assert.deepEqual(await axe(page), []);
    await page.click('.pg-options label >> nth=4');
    await clickNext(page);
    await page.waitForSelector('.pg-thanks');
    await until(async () => (await ep.count('quick')) === 1, 10000, 'stored');
    assert.equal(await ep.count('quick', { unit: 'host-demo', point: 'counter-2' }), 1, 'with its unit and point');
    assertClean('embedded');
  } finally {
    await context.close();
    await ep.close();
  }
});
