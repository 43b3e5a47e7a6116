// The survey's first screen as `prongsai serve` sends it (rendered by the server from the
// widget's own components): answerable while the wasm is held back, and the answers (and a
// press of "next") survive the takeover; the same for an agency's own instrument file from the
// server's settings; the page carries the instrument inline; an unknown survey gets a friendly
// 404 page with the agency's contact; a wasm that never loads leaves the screen usable with a
// note. Also the citizen path's layout checks: the kiosk's five faces fit a phone and a tablet
// in one view, and the main buttons never break mid-word (one line each).
//
// Always against the real server (PRONGSAI_BIN, default target/release/prongsai): the first
// screen exists only there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startProngsaiServe, launch, openPage, ready, axe, shot, answerScreen, until, heading,
} from './lib/harness.mjs';

let endpoint;
let browser;
before(async () => {
  endpoint = await startProngsaiServe();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await endpoint?.close();
});

/** Holds every request for the wasm until `release()` is called. */
async function holdWasm(page) {
  let release;
  const gate = new Promise((r) => {
    release = r;
  });
  await page.route(/\.wasm(\?|$)/, async (route) => {
    await gate;
    await route.continue();
  });
  return release;
}

const mounted = (page) => page.$('#prongsai[data-prongsai-mounted]');

test('built-in EIT: the server-rendered first screen is answerable before the wasm; answers and "next" survive the takeover', async () => {
  const { page, assertClean, context } = await openPage(browser);
  const release = await holdWasm(page);
  try {
    const res = await page.goto(`${endpoint.url}/?survey=ita-eit&unit=demo`, { waitUntil: 'domcontentloaded' });
    const html = await res.text();
    assert.match(html, /<main id="prongsai" data-pg-prerendered>/, 'first screen in the first response');
    assert.match(html, /<script type="application\/json" data-pg-instrument="ita-eit" data-pg-needs-code="false">\{/, 'instrument inline');
    const inline = await page.$eval('script[data-pg-instrument="ita-eit"]', (s) => JSON.parse(s.textContent));
    assert.equal(inline.id, 'ita-eit');
    assert.equal(await mounted(page), null, 'the wasm is held back');
    const groups = await answerScreen(page, () => 2); // "มาก" everywhere, native radios only
    assert.ok(groups >= 8, `the first screen's questions (${groups} groups)`);
    assert.deepEqual(await axe(page), []);
    await shot(page, 'ssr-eit-before-wasm');
    await page.click('.pg-nav .pg-primary'); // pressed before the widget is ready
    assert.equal(await mounted(page), null, 'still the server-rendered screen');
    release();
    await ready(page);
    await until(async () => /ประสิทธิภาพการสื่อสาร/.test(await heading(page)), 8000, 'moved on to screen 2');
    await page.click('.pg-nav .pg-secondary');
    await until(async () => /คุณภาพการดำเนินงาน/.test(await heading(page)), 5000, 'back on screen 1');
    assert.equal(await page.$$eval('input[type=radio]:checked', (l) => l.length), groups, 'answers kept');
    assertClean('ssr eit');
  } finally {
    await context.close();
  }
});

test("an agency's own instrument file: first screen from the server, answers kept when the wasm takes over", async () => {
  const { page, assertClean, context } = await openPage(browser);
  const release = await holdWasm(page);
  try {
    const res = await page.goto(`${endpoint.url}/?survey=khamlai-service&unit=khamlai`, { waitUntil: 'domcontentloaded' });
    assert.equal(res.status(), 200);
    assert.match(await res.text(), /data-pg-instrument="khamlai-service"/);
    await page.waitForSelector('#prongsai[data-pg-prerendered] select');
    assert.match(await page.textContent('#prongsai .pg-title'), /คำไหล/);
    await page.selectOption('#prongsai select', { index: 2 });
    await page.click('#prongsai label:has-text("ใช่")');
    await shot(page, 'ssr-custom-before-wasm');
    assert.equal(await mounted(page), null, 'the wasm is held back');
    release();
    await ready(page);
    await until(async () => (await page.$eval('#prongsai select', (s) => s.selectedIndex)) === 2, 5000, 'choice kept');
    assert.equal(await page.$$eval('#prongsai input[type=radio]:checked', (l) => l.length), 1, 'yes/no kept');
    await page.click('.pg-nav .pg-primary');
    await until(async () => (await heading(page)) === 'การให้บริการ', 5000, 'next section: the answers were valid');
    assertClean('ssr custom');
  } finally {
    await context.close();
  }
});

test('the requested language is rendered by the server', async () => {
  const res = await fetch(`${endpoint.url}/?survey=satisfaction&lang=en&unit=demo`);
  const html = await res.text();
  assert.equal(res.status, 200);
  assert.match(html, /<html lang="en"/);
  assert.match(html, /Service user satisfaction survey/);
  assert.match(html, /About you/, 'plain section title, without "Part 1:"');
  const embed = await (await fetch(`${endpoint.url}/embed.html?survey=quick&unit=demo`)).text();
  assert.match(embed, /data-pg-prerendered/, 'the iframe page too');
  assert.match(embed, /Content-Security-Policy/, 'embed.html keeps its CSP');
});

test('an unknown survey: a friendly Thai 404 page with the agency contact, no ids, no technical detail', async () => {
  const { page, assertClean, context } = await openPage(browser, {
    allow: (p) => p.status === 404 || (p.kind === 'console' && /no survey at this link|404/.test(p.text)),
  });
  try {
    const res = await page.goto(`${endpoint.url}/?survey=nonexistent&unit=demo`, { waitUntil: 'domcontentloaded' });
    assert.equal(res.status(), 404);
    const html = await res.text();
    assert.match(html, /ไม่พบแบบสำรวจนี้/);
    assert.match(html, /โทร 0 2123 4567/, 'the agency contact from the settings');
    assert.doesNotMatch(html, /nonexistent/, 'the value given is not shown');
    assert.doesNotMatch(html, /survey=ita-eit|ita-iit/, 'no list of ids');
    await page.waitForSelector('.pg-error-screen');
    assert.deepEqual(await axe(page), []);
    await shot(page, 'error-unknown-survey');
    assertClean('unknown survey');
  } finally {
    await context.close();
  }
});

test('a wasm that never loads: the first screen stays usable, with a note', async () => {
  const { page, context } = await openPage(browser, { allow: () => true });
  try {
    await page.route(/\.wasm(\?|$)/, (route) => route.abort());
    await page.goto(`${endpoint.url}/?survey=quick&unit=demo`);
    await page.waitForSelector('#prongsai [role=alert]', { timeout: 10000 });
    assert.match(await page.textContent('#prongsai [role=alert]'), /ไม่สามารถเริ่มแบบสำรวจได้/);
    await page.click('#prongsai .pg-options label >> nth=0');
    assert.equal(await page.$$eval('#prongsai input[type=radio]:checked', (l) => l.length), 1, 'still answerable');
  } finally {
    await context.close();
  }
});

test('a wasm that never loads on the "survey not found" page: no "could not start" note over it', async () => {
  const { page, context } = await openPage(browser, { allow: () => true });
  try {
    let aborted = 0;
    await page.route(/\.wasm(\?|$)/, (route) => { aborted += 1; return route.abort(); });
    await page.goto(`${endpoint.url}/?survey=nonexistent&unit=demo`);
    await page.waitForSelector('.pg-error-screen');
    // The start code gives up on the wasm within a moment; wait for that, then look.
    await page.waitForFunction(() => performance.getEntriesByType('resource').some((e) => /\.wasm/.test(e.name)), null, { timeout: 10000 }).catch(() => {});
    await page.waitForTimeout(1500);
    assert.ok(aborted >= 1, 'the page did try to load the wasm');
    const text = await page.textContent('#prongsai');
    assert.match(text, /ไม่พบแบบสำรวจนี้/);
    assert.doesNotMatch(text, /ไม่สามารถเริ่มแบบสำรวจได้/);
  } finally {
    await context.close();
  }
});

/** Bounding boxes of the kiosk's face buttons, and whether each lies inside the viewport. */
async function facesInView(page) {
  return page.$$eval('.pg-tap', (list) => list.map((b) => {
    const r = b.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, inside: r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight && r.right <= innerWidth };
  }));
}

for (const vp of [{ width: 360, height: 740 }, { width: 1024, height: 768 }]) {
  test(`kiosk at ${vp.width}×${vp.height}: five faces in one view, the title once, "ส่ง" visible on the reason screen`, async () => {
    const { page, assertClean, context } = await openPage(browser, { context: { viewport: vp } });
    try {
      await page.goto(`${endpoint.url}/?survey=quick&kiosk=1&kiosk-reason=30&unit=kiosk-unit`);
      await ready(page);
      const faces = await facesInView(page);
      assert.equal(faces.length, 5);
      assert.ok(faces.every((f) => f.inside), `every face inside ${vp.width}×${vp.height}: ${JSON.stringify(faces)}`);
      const title = await page.textContent('.pg-title');
      const visibleTitles = await page.evaluate((t) => [...document.querySelectorAll('.prongsai-root *')]
        .filter((e) => e.children.length === 0 && e.textContent.trim() === t.trim() && e.getClientRects().length && getComputedStyle(e).clip !== 'rect(0px, 0px, 0px, 0px)').length, title);
      assert.equal(visibleTitles, 1, 'the title appears once');
      await shot(page, `kiosk-${vp.width}x${vp.height}`, { slices: 1 });
      await page.click('.pg-tap >> nth=1');
      await page.waitForSelector('.pg-reason textarea');
      const send = await page.$eval('.pg-reason .pg-primary', (b) => {
        const r = b.getBoundingClientRect();
        return { text: b.textContent.trim(), inside: r.top >= 0 && r.bottom <= innerHeight };
      });
      assert.equal(send.text, 'ส่ง');
      assert.ok(send.inside, '"ส่ง" is on screen without scrolling');
      await shot(page, `kiosk-reason-${vp.width}x${vp.height}`, { slices: 1 });
      assertClean(`kiosk ${vp.width}`);
    } finally {
      await context.close();
    }
  });
}

/** Main buttons whose text takes more than one line (a mid-word break in Thai). */
async function brokenButtons(page) {
  return page.evaluate(() => {
    const out = [];
    for (const b of document.querySelectorAll('.prongsai-root :is(.pg-nav .pg-btn, .pg-resume .pg-btn, .pg-lang, .pg-tool, .pg-review-part .pg-btn)')) {
      // The height of the button's text (a second line would double it) against one line.
      const r = document.createRange();
      r.selectNodeContents(b);
      const lh = parseFloat(getComputedStyle(b).lineHeight) || 24;
      const h = r.getBoundingClientRect().height;
      if (h > lh * 1.5) out.push(`${b.textContent.trim()} (${h}px of text for a ${lh}px line)`);
    }
    return out;
  });
}

test('no mid-word break in the main buttons at 360 px, through the whole EIT to the review', async () => {
  const { page, assertClean, context } = await openPage(browser);
  try {
    await page.goto(`${endpoint.url}/?survey=ita-eit&unit=demo`);
    await ready(page);
    for (let i = 0; i < 8 && !(await page.$('.pg-review')); i++) {
      assert.deepEqual(await brokenButtons(page), [], `screen ${i + 1}`);
      await answerScreen(page, () => 3);
      const before = await heading(page);
      await page.click('.pg-nav .pg-primary');
      await until(async () => (await page.$('.pg-review')) || (await heading(page)) !== before, 5000, 'next screen');
    }
    await page.waitForSelector('.pg-review');
    assert.deepEqual(await brokenButtons(page), [], 'review');
    assertClean('buttons');
  } finally {
    await context.close();
  }
});

test('the first screen without script posts its form (answers never in a URL); a POST gets the page again', async () => {
  const url = `${endpoint.url}/?survey=ita-eit&unit=demo`;
  const html = await (await fetch(url)).text();
  const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
  const forms = main.match(/<form[^>]*>/g) || [];
  assert.ok(forms.length >= 1, 'the first screen has its form');
  for (const f of forms) assert.match(f, /method="post"/, f);
  const posted = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'e1.1=4' });
  assert.equal(posted.status, 200);
  assert.match(await posted.text(), /data-pg-prerendered/);
});

test("the OIT (an officer's checklist) is no citizen survey: the friendly 404 page, and /demo does not list it", async () => {
  const known = await fetch(`${endpoint.upstream}/api/v1/surveys/ita-oit`);
  assert.equal(known.status, 200, 'the server does serve the OIT (to its officers)');
  const res = await fetch(`${endpoint.url}/?survey=ita-oit&unit=demo`);
  assert.equal(res.status, 404);
  const html = await res.text();
  assert.match(html, /ไม่พบแบบสำรวจนี้/);
  assert.doesNotMatch(html, /type="radio"/);
  const demo = await (await fetch(`${endpoint.url}/demo`)).text();
  assert.match(demo, /survey=ita-eit/, 'the demo lists the citizen surveys');
  assert.doesNotMatch(demo, /ita-oit/);
});
