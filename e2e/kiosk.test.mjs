// Kiosk mode (kiosk=1) on a shared tablet at the counter: one tap on a face submits the quick
// rating, the thank-you screen goes back to the start by itself, a half-filled survey left alone
// is cleared after a visible countdown, nothing of the previous person can be seen or restored,
// and the offline queue keeps working. Short timeouts through the kiosk-* settings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startEndpoint, launch, openPage, ready, axe, shot, answerScreen, until, heading,
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

const API = '/api/v1/responses';
const expectEndpointTrouble = (p) => (p.url || '').includes(API) || /Failed to load resource/.test(p.text);
const stored = (id = 'quick') => endpoint.count(id);
const records = (id) => (endpoint.records ? [...endpoint.records.values()].filter((e) => e.instrument === id) : null);
const storageKeys = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('prongsai:')));
const TABLET = { viewport: { width: 1280, height: 800 } };

test('quick in kiosk mode: one tap submits; thank-you, then back to the start by itself', async () => {
  const { page, context, assertClean } = await openPage(browser);
  const before = await stored();
  await page.goto(`${endpoint.url}/?survey=quick&kiosk=1&kiosk-reason=0&kiosk-thanks=1.5&unit=kiosk-unit&point=counter-3`);
  await ready(page);
  assert.equal(await page.$$eval('.pg-tap', (l) => l.length), 5, 'five large face buttons');
  assert.equal(await page.$('input[type=radio]'), null, 'no radios: one tap answers');
  const box = await page.locator('.pg-tap').first().boundingBox();
  assert.ok(box.height >= 56 && box.width >= 300, `large targets, all five in one view (${box.width}×${box.height})`);
  assert.deepEqual(await axe(page), []);
  await shot(page, 'kiosk-quick-360', { slices: 2 });

  await page.click('.pg-tap >> nth=4');
  await page.waitForSelector('.pg-thanks');
  assert.equal(await page.$('.pg-rating'), null, 'a kiosk shows nobody their rating');
  assert.match(await page.textContent('.pg-thanks'), /กลับสู่หน้าแรกใน\s\d\sวินาที/);
  assert.deepEqual(await axe(page), []);
  await shot(page, 'kiosk-quick-thanks', { slices: 1 });
  await until(async () => (await stored()) === before + 1, 10000, 'stored');
  const env = records('quick')?.at(-1);
  if (env) {
    assert.deepEqual(env.answers, { rating: 5 });
    assert.equal(env.unit, 'kiosk-unit');
    assert.equal(env.point, 'counter-3');
  }
  await page.waitForSelector('.pg-tap', { timeout: 5000 });
  assert.equal(await page.$('.pg-thanks'), null, 'back to the start');
  assert.deepEqual(await storageKeys(page), [], 'no draft, nothing queued');
  // A double tap counts once.
  await page.dblclick('.pg-tap >> nth=2');
  await page.waitForSelector('.pg-thanks');
  await until(async () => (await stored()) === before + 2, 10000, 'second person stored');
  await new Promise((r) => setTimeout(r, 400));
  assert.equal(await stored(), before + 2, 'a double tap is one response');
  assertClean('kiosk quick');
  await context.close();
});

test('quick in kiosk mode on a tablet: the follow-up reason screen skips itself, or sends the reason', async () => {
  const { page, context, assertClean } = await openPage(browser, { context: TABLET });
  const before = await stored();
  await page.goto(`${endpoint.url}/?survey=quick&kiosk=1&kiosk-reason=1.5&kiosk-thanks=1&unit=kiosk-unit`);
  await ready(page);
  await shot(page, 'kiosk-quick-1280', { slices: 1 });
  // Nobody types: skipped, the rating alone is sent.
  await page.click('.pg-tap >> nth=1');
  await page.waitForSelector('.pg-reason textarea');
  assert.match(await page.textContent('.pg-reason'), /จะข้ามให้อัตโนมัติใน\s\d\sวินาที/);
  assert.equal(await page.getAttribute('.pg-reason textarea', 'autocomplete'), 'off');
  assert.deepEqual(await axe(page), []);
  await shot(page, 'kiosk-reason-1280', { slices: 1 });
  await page.waitForSelector('.pg-thanks', { timeout: 5000 });
  await until(async () => (await stored()) === before + 1, 10000, 'stored after the skip');
  if (endpoint.records) assert.deepEqual(records('quick').at(-1).answers, { rating: 2 });
  // The next person types a reason and sends it.
  await page.waitForSelector('.pg-tap', { timeout: 5000 });
  await page.click('.pg-tap >> nth=0');
  await page.fill('.pg-reason textarea', 'รอคิวนานมาก');
  await new Promise((r) => setTimeout(r, 1800));
  assert.ok(await page.$('.pg-reason'), 'typing stops the automatic skip');
  await page.click('.pg-reason .pg-primary');
  await page.waitForSelector('.pg-thanks');
  await until(async () => (await stored()) === before + 2, 10000, 'stored with the reason');
  if (endpoint.records) assert.deepEqual(records('quick').at(-1).answers, { rating: 1, reason: 'รอคิวนานมาก' });
  // Back at the start: nothing of that person.
  await page.waitForSelector('.pg-tap', { timeout: 5000 });
  assert.equal(await page.$('textarea'), null);
  assert.ok(!(await page.textContent('.prongsai-root')).includes('รอคิวนานมาก'));
  assertClean('kiosk reason');
  await context.close();
});

test('kiosk idle: a half-filled survey shows a countdown, "continue" keeps it, then it is cleared for the next person', async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.goto(`${endpoint.url}/?survey=satisfaction&kiosk=1&kiosk-idle=6&unit=kiosk-unit`);
  await ready(page);
  const first = await heading(page);
  await answerScreen(page, () => 0);
  await page.click('.pg-lang'); // English, and larger text: both reset too
  await page.click('.pg-tool');
  // The countdown shows in the last half of the idle time (6 s: time enough for axe and a
  // screenshot on a busy machine before pressing "continue").
  await page.waitForSelector('.pg-idle', { timeout: 8000 });
  assert.match(await page.textContent('.pg-idle [role=timer]'), /Starting again in\s\d\ss/);
  assert.deepEqual(await axe(page), []);
  await shot(page, 'kiosk-idle-warning', { slices: 1 });
  await page.click('.pg-idle .pg-btn'); // continue
  await until(async () => (await page.$('.pg-idle')) === null, 2000, 'warning gone');
  assert.ok((await page.$$eval('input:checked', (l) => l.length)) > 0, 'answers kept on "continue"');
  // Left alone: cleared.
  await page.waitForSelector('.pg-idle', { timeout: 8000 });
  await until(async () => (await page.$$eval('input:checked', (l) => l.length)) === 0, 5000, 'reset');
  assert.equal(await page.$('.pg-idle'), null);
  assert.equal(await heading(page), first, 'back on the first screen, in Thai');
  assert.equal(await page.getAttribute('.pg-app', 'lang'), 'th');
  assert.equal(await page.$('.pg-large'), null, 'default text size');
  assert.deepEqual(await storageKeys(page), [], 'no draft in kiosk mode');
  assert.equal(await page.evaluate(() => history.length), 2, 'no history entries of its own');
  // Nobody there, nothing to clear: no countdown on an untouched survey.
  await new Promise((r) => setTimeout(r, 3500));
  assert.equal(await page.$('.pg-idle'), null);
  assertClean('kiosk idle');
  await context.close();
});

test('kiosk: browser back and forward never bring back the previous person\'s answers', async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.goto(`${endpoint.url}/?survey=satisfaction&kiosk=1&unit=kiosk-unit`);
  await ready(page);
  await answerScreen(page, () => 1);
  assert.ok((await page.$$eval('input:checked', (l) => l.length)) > 0);
  await page.goBack();
  await page.goForward();
  await ready(page);
  assert.equal(await page.$$eval('input:checked', (l) => l.length), 0, 'a fresh survey');
  assert.deepEqual(await storageKeys(page), []);
  assertClean('kiosk back');
  await context.close();
});

test('kiosk offline: one tap while offline is queued, shown as waiting, and sent exactly once when back online', async () => {
  const { page, context, assertClean } = await openPage(browser, { allow: expectEndpointTrouble });
  await page.goto(`${endpoint.url}/?survey=quick&kiosk=1&kiosk-reason=0&kiosk-thanks=1&unit=kiosk-offline`);
  await ready(page);
  const before = await stored();
  const postsBefore = endpoint.posts.length;
  await context.setOffline(true);
  await page.click('.pg-tap >> nth=3');
  await page.waitForSelector('.pg-thanks');
  await page.waitForSelector('.pg-pending');
  assert.match(await page.textContent('.pg-status'), /รอส่ง\s1\sรายการ/);
  const queued = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('prongsai:q:')).length);
  assert.equal(await queued(), 1, 'persisted in the queue');
  await shot(page, 'kiosk-offline', { slices: 1 });
  // The kiosk goes back to the start; the queue stays.
  await page.waitForSelector('.pg-tap', { timeout: 5000 });
  assert.equal(await queued(), 1);
  await context.setOffline(false);
  await until(async () => (await stored()) === before + 1, 15000, 'sent when back online');
  await until(async () => (await queued()) === 0, 5000, 'queue emptied');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(await stored(), before + 1, 'exactly one record');
  if (endpoint.records) {
    const keys = new Set(endpoint.posts.slice(postsBefore).map((p) => p.key));
    assert.equal(keys.size, 1, 'one idempotency key');
    assert.deepEqual(records('quick').at(-1).answers, { rating: 4 });
  }
  assertClean('kiosk offline');
  await context.close();
});

test('kiosk: a full-screen button where the browser allows it', async () => {
  const { page, context, assertClean } = await openPage(browser, { context: TABLET });
  await page.goto(`${endpoint.url}/?survey=quick&kiosk=1&unit=kiosk-unit`);
  await ready(page);
  const enabled = await page.evaluate(() => document.fullscreenEnabled);
  const button = page.locator('.pg-tool', { hasText: 'เต็มจอ' });
  assert.equal(await button.count(), enabled ? 1 : 0);
  if (enabled) {
    await button.click();
    await until(() => page.evaluate(() => document.fullscreenElement !== null), 3000, 'full screen');
    await page.waitForSelector('.pg-tool:has-text("ออกจากเต็มจอ")');
    await page.click('.pg-tool:has-text("ออกจากเต็มจอ")');
    await until(() => page.evaluate(() => document.fullscreenElement === null), 3000, 'left full screen');
  }
  // Not offered outside kiosk mode.
  await page.goto(`${endpoint.url}/?survey=quick&unit=kiosk-unit`);
  await ready(page);
  assert.equal(await page.locator('.pg-tool', { hasText: 'เต็มจอ' }).count(), 0);
  assertClean('fullscreen');
  await context.close();
});
