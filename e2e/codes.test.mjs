// One-time codes for staff (docs/design.md "One-time codes"), in real Chromium against the real
// `prongsai serve` with `code_surveys = ["ita-iit"]`: a slip's link (codes made by the
// admin page `/admin/codes`) fills the whole IIT and stores exactly one response, uses the code up and
// leaves no trace of it in the data; a wrong or used code is explained in Thai (รหัส, what to do)
// before the first question and stores nothing; a code used up by another device while the form
// was being filled: the server's reason in Thai, no "ขอบคุณ", the response stays queued.
//
// Always against the real server (PRONGSAI_BIN, default target/release/prongsai).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import {
  startProngsaiServe, launch, openPage, ready, answerScreen, heading, clickNext, until, shot,
} from './lib/harness.mjs';

let endpoint;
let browser;
before(async () => {
  endpoint = await startProngsaiServe({ config: ['code_surveys = ["ita-iit"]'] });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await endpoint?.close();
});

const CODE = /\b[A-Z0-9]{5}-[A-Z0-9]{5}\b/g;

/** Codes made through the admin API (as the admin page does). */
async function apiCodes(n) {
  const r = await fetch(`${endpoint.upstream}/api/v1/codes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${endpoint.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ survey: 'ita-iit', count: n }),
  });
  assert.equal(r.status, 201);
  return (await r.json()).codes;
}

/** What the server says of a code now (a check never uses it up). */
async function codeState(code) {
  const r = await fetch(`${endpoint.upstream}/api/v1/codes/check`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ survey: 'ita-iit', code }),
  });
  const body = await r.json();
  return r.status === 200 ? body.status : body.error.code;
}

const stored = () => endpoint.count('ita-iit', { unit: 'demo' });
const queued = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('prongsai:q:')).length);

/** The refusals the code tests provoke on purpose: the check's 403/422 and the browser's log of them. */
const codeRefusals = (p) => (p.kind === 'http' && /\/api\/v1\/(codes\/check|responses)/.test(p.url) && [403, 422].includes(p.status))
  || (p.kind === 'console' && /status of (403|422)/.test(p.text));

/** Answers every screen of the IIT and stops on the review screen. */
async function fillIit(page) {
  for (let screen = 0; screen < 20; screen++) {
    if (await page.$('.prongsai-root .pg-review')) return screen;
    const h = await heading(page);
    await answerScreen(page, (_g, n) => n - 1);
    if (await page.$('.prongsai-root textarea')) await page.fill('.prongsai-root textarea', 'ขอให้ปรับปรุงการสื่อสารภายใน');
    await clickNext(page);
    await until(async () => (await heading(page)) !== h, 5000, `screen after "${h}"`);
  }
  throw new Error('the IIT never reached its review screen');
}

async function questionsShown(page) {
  return page.$$eval('.prongsai-root input[type=radio], .prongsai-root textarea', (l) => l.length);
}

test("a slip's link: the whole IIT filled and sent, exactly one response stored, the code used up and stored nowhere", async () => {
  // Codes as an officer makes them: the admin page's form (the CLI cannot share the data
  // directory with a running server), answered with the printable slips.
  const made = await fetch(`${endpoint.upstream}/admin/codes`, {
    method: 'POST',
    headers: { authorization: `Bearer ${endpoint.token}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ survey: 'ita-iit', unit: 'demo', count: '3' }),
  });
  assert.equal(made.status, 200);
  const slips = await made.text();
  const codes = [...new Set(slips.match(CODE))];
  assert.equal(codes.length, 3, 'three codes on the slips');
  const code = codes[0];
  assert.equal(await codeState(code), 'ok');

  const before = await stored();
  const { page, assertClean, context } = await openPage(browser);
  try {
    await page.goto(`${endpoint.url}/?survey=ita-iit&unit=demo&code=${code}`);
    await ready(page);
    // The link's code is checked, then the first question comes; the gate is gone.
    await page.waitForSelector('.prongsai-root input[type=radio]');
    assert.equal(await page.$('.prongsai-root .pg-code'), null);
    const screens = await fillIit(page);
    assert.ok(screens >= 3, `the IIT has several screens (${screens})`);
    await page.click('.prongsai-root .pg-nav .pg-primary');
    await page.waitForSelector('.prongsai-root .pg-thanks', { timeout: 15000 });
    await until(async () => (await queued(page)) === 0, 5000, 'queue empty after 2xx');
    assert.equal(await stored(), before + 1, 'exactly one response stored');
    assert.equal(await codeState(code), 'code_used', 'the code is used up by the stored response');
    assert.equal(await codeState(codes[1]), 'ok', 'the other slips stay good');

    // The code is nowhere in the stored data: not in the export, not in any file of the data dir.
    const csv = await (await fetch(`${endpoint.upstream}/api/v1/export.csv?instrument=ita-iit`, {
      headers: { authorization: `Bearer ${endpoint.token}` },
    })).text();
    assert.match(csv, /submitted,unit,point/);
    const bare = code.replace('-', '');
    for (const needle of [code, bare, code.toLowerCase(), bare.toLowerCase()]) {
      assert.ok(!csv.includes(needle), `export holds ${needle}`);
      for (const f of fs.readdirSync(endpoint.dataDir)) {
        const p = path.join(endpoint.dataDir, f);
        if (fs.statSync(p).isFile()) assert.ok(!fs.readFileSync(p).includes(needle), `${f} holds ${needle}`);
      }
    }
    // Kept for the 4xx test below: a real envelope as the widget sends it.
    lastEnvelope = endpoint.posts.filter((p) => p.headers['x-prongsai-code']).at(-1);
    assert.ok(lastEnvelope, 'the code travelled in X-Prongsai-Code');
    assertClean('slip link');
  } finally {
    await context.close();
  }
});
let lastEnvelope;

for (const [label, makeCode, expect] of [
  ['a wrong code', async () => 'ABCDE-FGHJK', /ไม่พบรหัสนี้.*ขอรหัสใหม่/],
  ['a used code', async () => {
    const [c] = await apiCodes(1);
    await useUp(c);
    return c;
  }, /รหัสนี้ถูกใช้แล้ว.*ขอรหัสใหม่/],
]) {
  test(`${label} in the link: a Thai message with รหัส and what to do, before the first question; nothing stored`, async () => {
    const code = await makeCode();
    const before = await stored();
    const { page, assertClean, context } = await openPage(browser, { allow: codeRefusals });
    try {
      await page.goto(`${endpoint.url}/?survey=ita-iit&unit=demo&code=${code}`);
      await ready(page);
      const alert = await page.waitForSelector('.prongsai-root .pg-code [role=alert]');
      const text = await alert.textContent();
      assert.match(text, /รหัส/);
      assert.match(text, expect);
      assert.equal(await questionsShown(page), 0, 'no question before the code is good');
      assert.equal(await page.inputValue('.prongsai-root .pg-code input'), code, 'the code is shown to be corrected');
      await shot(page, `code-${label.replace(/ /g, '-')}`);
      // Typing another wrong one: still refused, still no question.
      await page.fill('.prongsai-root .pg-code input', 'ZZZZZ');
      await page.click('.prongsai-root .pg-code button[type=submit]');
      await until(async () => /ไม่ครบหรือไม่ถูกรูปแบบ/.test(await page.textContent('.prongsai-root .pg-code [role=alert]')), 5000, 'malformed message');
      assert.equal(await questionsShown(page), 0);
      assert.equal(await stored(), before, 'nothing stored');
      assertClean(label);
    } finally {
      await context.close();
    }
  });
}

/** Uses a code up from "another device": the envelope of the first test sent again as a new response. */
async function useUp(code) {
  assert.ok(lastEnvelope, 'needs the envelope of the slip-link test');
  const envelope = JSON.parse(lastEnvelope.text);
  envelope.id = randomUUID();
  const r = await fetch(`${endpoint.upstream}/api/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-prongsai-code': code, 'idempotency-key': envelope.id },
    body: JSON.stringify(envelope),
  });
  assert.ok(r.status === 200 || r.status === 201, `the other device's response: HTTP ${r.status} ${await r.text()}`);
}

test('the code is used up by another device while the IIT is filled: the server reason in Thai, no ขอบคุณ, still queued', async () => {
  const [code] = await apiCodes(1);
  const { page, assertClean, context } = await openPage(browser, { allow: codeRefusals });
  try {
    await page.goto(`${endpoint.url}/?survey=ita-iit&unit=demo&code=${code}`);
    await ready(page);
    await page.waitForSelector('.prongsai-root input[type=radio]');
    await fillIit(page);
    await useUp(code);
    const before = await stored();
    await page.click('.prongsai-root .pg-nav .pg-primary');
    await until(async () => /รหัสนี้ถูกใช้แล้ว/.test(await page.textContent('.prongsai-root')), 10000, 'the refusal shown');
    const text = await page.textContent('.prongsai-root');
    assert.doesNotMatch(text, /ขอบคุณ/);
    assert.match(text, /ยังส่งคำตอบไม่สำเร็จ/, 'says it was not sent');
    assert.equal(await page.$('.prongsai-root .pg-thanks'), null);
    assert.equal(await queued(page), 1, 'the response stays in the queue');
    assert.equal(await stored(), before, 'nothing more stored');
    // The queue line explains the refusal in Thai too, not with the server's English message.
    const status = await page.textContent('.prongsai-root .pg-status');
    assert.match(status, /ปลายทางปฏิเสธคำตอบ: รหัสนี้ถูกใช้แล้ว/, status);
    assert.doesNotMatch(status, /already|HTTP 4/, status);
    await shot(page, 'code-used-on-sending');
    assertClean('used meanwhile');
  } finally {
    await context.close();
  }
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

/** The server-rendered mount point of a page's first response. */
const mainOf = (html) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));

test("the server's first screen of a code survey is the code screen (the link's code in it), never a question", async () => {
  const [code] = await apiCodes(1);
  const html = await (await fetch(`${endpoint.url}/?survey=ita-iit&unit=demo&code=${code}`)).text();
  const main = mainOf(html);
  assert.match(main, /data-pg-prerendered/);
  assert.match(main, new RegExp(`<input value="${code}" id="pg1-code"`), 'the code from the link, prefilled');
  assert.match(main, /<label for="pg1-code"[^>]*>รหัสจากใบรหัส/);
  assert.doesNotMatch(main, /type="radio"|<textarea|<select/, 'no question');
  assert.doesNotMatch(main, /i1\.1|ท่านปฏิบัติงาน/, 'no question text');
  assert.doesNotMatch(main, /method="get"|<form(?![^>]*method="post")/, 'a form without script posts, never puts the code in a URL');
  assert.match(html, /data-pg-instrument="ita-iit" data-pg-needs-code="true"/);
  // A survey without codes keeps its questions on the first screen.
  const eit = mainOf(await (await fetch(`${endpoint.url}/?survey=ita-eit&unit=demo`)).text());
  assert.match(eit, /type="radio"/);
});

test('a code typed before the wasm arrives is carried over; the English switch works; 360×740 layout', async () => {
  const [code] = await apiCodes(1);
  const { page, assertClean, context } = await openPage(browser);
  const release = await holdWasm(page);
  try {
    await page.goto(`${endpoint.url}/?survey=ita-iit&unit=demo`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('#prongsai[data-pg-prerendered] #pg1-code');
    assert.equal(await questionsShown(page), 0);
    await shot(page, 'code-screen-ssr');
    await page.fill('#pg1-code', code.toLowerCase());
    release();
    await ready(page);
    assert.equal(await page.inputValue('#pg1-code'), code.toLowerCase(), 'typed code kept by the takeover');
    // Switch to English on the code screen: the label and the survey follow.
    await page.click('.prongsai-root .pg-code .pg-lang');
    await until(async () => /Code from your slip/.test(await page.textContent('.prongsai-root .pg-code label')), 5000, 'English label');
    assert.equal(await page.getAttribute('.prongsai-root .pg-app', 'lang'), 'en');
    // Button spacing: label, field and button do not overlap and the button is a full-size target.
    const box = await page.evaluate(() => {
      const r = (s) => document.querySelector(s).getBoundingClientRect();
      const [l, i, b] = ['.pg-code label', '.pg-code input', '.pg-code button[type=submit]'].map(r);
      return { gapLabel: i.top - l.bottom, gapButton: b.top - i.bottom, h: b.height, w: b.width };
    });
    assert.ok(box.gapLabel >= 0 && box.gapButton >= 12, `spacing ${JSON.stringify(box)}`);
    assert.ok(box.h >= 44 && box.w >= 200, `button ${JSON.stringify(box)}`);
    await shot(page, 'code-screen-en');
    await page.click('.prongsai-root .pg-code button[type=submit]');
    await page.waitForSelector('.prongsai-root input[type=radio]');
    assert.equal(await page.getAttribute('.prongsai-root .pg-app', 'lang'), 'en', 'the survey opens in English');
    assertClean('typed before wasm');
  } finally {
    await context.close();
  }
});
