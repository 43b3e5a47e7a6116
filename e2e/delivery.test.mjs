// Delivery: a completed response reaches the endpoint exactly once, whatever the network does.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEndpoint, launch, openPage, ready, answerScreen, heading, clickNext, until, shot, axe } from './lib/harness.mjs';

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

const API = '/api/v1/responses';
const expectEndpointTrouble = (p) => (p.url || '').includes(API) || /Failed to load resource/.test(p.text);

async function fillEit(page) {
  for (let i = 0; i < 8 && !(await page.$('.pg-review')); i++) {
    await answerScreen(page);
    const h = await heading(page);
    await clickNext(page);
    await until(async () => (await heading(page)) !== h, 5000, 'next screen');
  }
  assert.ok(await page.$('.pg-review'), 'reached the review');
}

async function submit(page) {
  await page.click('.pg-nav .pg-primary');
  await page.waitForSelector('.pg-thanks');
}

const queued = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('prongsai:q:')).length);
const posts = () => endpoint.posts.length;
const stored = async () => endpoint.count('ita-eit');

test('offline before submitting, back online: exactly one stored record', async () => {
  const { page, context, assertClean } = await openPage(browser, { allow: expectEndpointTrouble });
  await page.goto(`${endpoint.url}/?survey=ita-eit&unit=offline`);
  await ready(page);
  await fillEit(page);
  const before = await stored();
  await context.setOffline(true);
  await submit(page);
  await page.waitForSelector('.pg-pending');
  assert.match(await page.textContent('.pg-status'), /รอส่ง\s1\sรายการ — จะส่งเมื่อออนไลน์/);
  assert.equal(await queued(page), 1, 'written to the persistent queue before sending');
  await shot(page, 'delivery-offline');
  assert.deepEqual(await axe(page), []);
  await context.setOffline(false);
  await until(async () => (await stored()) === before + 1, 10000, 'stored after coming online');
  await page.waitForSelector('.pg-sent');
  assert.equal(await queued(page), 0, 'removed from the queue on 2xx');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await stored(), before + 1, 'exactly one');
  await shot(page, 'delivery-sent');
  assertClean('offline');
  await context.close();
});

test('endpoint fails 500 three times, then 201: retried with backoff, exactly one record', async () => {
  const { page, context, assertClean } = await openPage(browser, { allow: expectEndpointTrouble });
  await page.goto(`${endpoint.url}/?survey=ita-eit&unit=retry`);
  await ready(page);
  await fillEit(page);
  const before = await stored();
  const postsBefore = posts();
  endpoint.failNext(3, 500);
  await submit(page);
  await until(async () => (await stored()) === before + 1, 20000, 'stored after three failures');
  assert.equal(posts() - postsBefore, 4, 'three failed attempts and one success');
  const keys = new Set(endpoint.posts.slice(postsBefore).map((p) => p.key));
  assert.equal(keys.size, 1, 'every attempt carries the same Idempotency-Key');
  await page.waitForSelector('.pg-sent');
  assert.equal(await queued(page), 0);
  assertClean('retry');
  await context.close();
});

test('the tab is closed while the endpoint is down: the next visit sends the queued response once', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const first = await context.newPage();
  await first.goto(`${endpoint.url}/?survey=ita-eit&unit=closed-tab`);
  await ready(first);
  await fillEit(first);
  const before = await stored();
  endpoint.failNext(1000, 503);
  await submit(first);
  await until(async () => (await queued(first)) === 1 && posts() > 0, 5000, 'queued');
  await first.close();
  endpoint.failNext(0);
  const { page, assertClean } = await openPage(browser, { allow: expectEndpointTrouble });
  // A new page in the same browser profile (same storage): any widget page resumes the queue.
  const second = await context.newPage();
  await second.goto(`${endpoint.url}/?survey=quick`);
  await until(async () => (await stored()) === before + 1, 10000, 'sent on the next visit');
  await until(async () => (await queued(second)) === 0, 5000, 'queue empty');
  assert.equal(await stored(), before + 1);
  await page.close();
  assertClean('closed tab');
  await context.close();
});

test('the endpoint rejects (422): the response is kept and the server message shown', async () => {
  const { page, context, assertClean } = await openPage(browser, { allow: expectEndpointTrouble });
  await page.goto(`${endpoint.url}/?survey=ita-eit&unit=rejected`);
  await ready(page);
  await fillEit(page);
  const before = await stored();
  endpoint.failNext(1, 422);
  await page.click('.pg-nav .pg-primary');
  // Never a "thank you" for a response the endpoint refused: the reason, and that it is kept.
  await page.waitForSelector('.pg-refused .pg-warn');
  assert.doesNotMatch(await page.textContent('.prongsai-root'), /ขอบคุณ/);
  assert.match(await page.textContent('.pg-status'), /ปลายทางปฏิเสธคำตอบ: HTTP 422: injected failure 422/);
  // A refusal the widget cannot explain: a plain Thai sentence first, the server's words below.
  assert.match(await page.textContent('.pg-refused .pg-warn'), /ระบบของหน่วยงานไม่รับคำตอบนี้/);
  assert.match(await page.textContent('.pg-refused .pg-detail'), /HTTP 422: injected failure 422/);
  assert.equal(await queued(page), 1, 'kept, not dropped');
  await shot(page, 'delivery-rejected');
  assert.equal(await stored(), before);
  // Next page load tries rejected entries once more (the endpoint may have been fixed).
  await page.reload();
  await until(async () => (await stored()) === before + 1, 10000, 'stored after reload');
  assert.equal(await queued(page), 0);
  assertClean('rejected');
  await context.close();
});

test('reload in the middle of a survey: the draft is offered and resumes on the same screen', async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.goto(`${endpoint.url}/?survey=ita-eit&unit=draft`);
  await ready(page);
  await answerScreen(page, () => 2);
  await clickNext(page);
  await until(async () => /ประสิทธิภาพการสื่อสาร/.test(await heading(page)), 5000, 'second screen');
  await answerScreen(page, (g) => (g < 2 ? 1 : -1)); // two answers on screen 2
  await page.reload();
  await ready(page);
  await page.waitForSelector('.pg-resume');
  await shot(page, 'draft-offer');
  assert.deepEqual(await axe(page), []);
  await page.click('.pg-resume .pg-btn:not(.pg-secondary)');
  await until(async () => /ประสิทธิภาพการสื่อสาร/.test(await heading(page)), 5000, 'resumed on screen 2');
  assert.equal(await page.$$eval('input[type=radio]:checked', (l) => l.length), 2);
  await page.click('.pg-nav .pg-secondary'); // back to screen 1: its answers are there too
  await until(async () => /คุณภาพการดำเนินงาน/.test(await heading(page)), 5000, 'screen 1');
  assert.ok((await page.$$eval('input[type=radio]:checked', (l) => l.length)) >= 5);
  // "Start again" discards it.
  await page.reload();
  await page.waitForSelector('.pg-resume');
  await page.click('.pg-resume .pg-secondary');
  assert.equal(await page.$('.pg-resume'), null);
  assert.equal(await page.$$eval('input[type=radio]:checked', (l) => l.length), 0);
  await page.reload();
  await ready(page);
  assert.equal(await page.$('.pg-resume'), null, 'no offer after starting again');
  assertClean('draft');
  await context.close();
});

test('storage blocked (private mode, sandboxed frame): a visible warning, and the response is still delivered', async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  await page.goto(`${endpoint.url}/?survey=ita-eit&unit=blocked`);
  await ready(page);
  await page.waitForSelector('.pg-warn');
  assert.match(await page.textContent('.pg-app > .pg-warn'), /เบราว์เซอร์ไม่อนุญาตให้บันทึกข้อมูลในเครื่อง/, 'warned before starting');
  await shot(page, 'storage-blocked');
  const before = await stored();
  await fillEit(page);
  await submit(page);
  await until(async () => (await stored()) === before + 1, 10000, 'delivered from memory');
  assertClean('blocked');
  await context.close();
});
