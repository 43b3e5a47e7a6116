// Bad configuration never gives a blank page or a panic: a clear Thai/English error screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startEndpoint, launch, openPage, ready, axe, shot } from './lib/harness.mjs';

const broken = JSON.stringify({
  format: 'prongsai.instrument/1', id: 'broken', edition: '2569', kind: 'custom',
  title: { th: 'แบบสำรวจเสีย' },
  scales: [{ id: 'yn', kind: 'yesno', options: [] }],
  sections: [{ id: 's', title: { th: 'ส่วน' }, items: [{ code: 'q1', text: { th: 'ข้อ' }, scale: 'nope' }] }],
});
let endpoint;
let browser;
before(async () => {
  endpoint = await startEndpoint({
    extra: {
      '/custom/broken.json': { body: broken },
      '/custom/not-json.json': { body: '{"format": "prongsai.instrument/1", ' },
      '/custom/config.json': {
        body: JSON.stringify({
          survey: 'ita-eit', unit: 'from-config', lang: 'en',
          contact: { th: 'โทร 0 2123 4567\nLINE @agency', en: 'Phone 0 2123 4567\nLINE @agency' },
          complaint_url: 'https://complaints.example.go.th/',
          theme: { primary: '#5b2a86' },
        }),
      },
    },
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await endpoint?.close();
});

const expect404 = (p) => p.status === 404 || /404/.test(p.text);

async function errorScreen(query, name, { allow } = {}) {
  const { page, context, assertClean } = await openPage(browser, { allow });
  await page.goto(`${endpoint.url}/${query}`);
  await ready(page);
  await page.waitForSelector('.pg-error-screen');
  const text = await page.textContent('.pg-error-screen');
  assert.deepEqual(await axe(page), []);
  await shot(page, name);
  assertClean(name);
  return { page, context, text };
}

test('no survey: an error screen listing the built-in ids', async () => {
  const { text, context } = await errorScreen('', 'error-no-survey');
  assert.match(text, /ไม่สามารถเปิดแบบสำรวจได้/);
  assert.match(text, /ไม่ได้ระบุแบบสำรวจ/);
  for (const id of ['ita-iit', 'ita-eit', 'satisfaction', 'quick']) assert.match(text, new RegExp(`survey=${id}`));
  await context.close();
});

test('unknown survey id, in English', async () => {
  const { text, context } = await errorScreen('?survey=ita-xyz&lang=en', 'error-unknown');
  assert.match(text, /Unknown survey/);
  assert.match(text, /survey = "ita-xyz"/);
  await context.close();
});

test('unreachable instrument URL', async () => {
  const { text, context } = await errorScreen('?survey=/custom/missing.json', 'error-404', { allow: expect404 });
  assert.match(text, /โหลดแบบสำรวจไม่สำเร็จ/);
  assert.match(text, /\/custom\/missing\.json: HTTP 404/);
  await context.close();
});

test('malformed instrument JSON', async () => {
  const { text, context } = await errorScreen('?survey=/custom/not-json.json', 'error-malformed');
  assert.match(text, /แบบสำรวจไม่ถูกต้อง/);
  assert.match(text, /not valid JSON/);
  await context.close();
});

test('invalid instrument: every problem with its JSON path', async () => {
  const { text, context } = await errorScreen('?survey=/custom/broken.json', 'error-invalid');
  assert.match(text, /แบบสำรวจไม่ถูกต้อง/);
  assert.match(text, /sections\[0\]\.items\[0\]\.scale/);
  await context.close();
});

test('JSON config file: settings, contact channels and the complaint link on the thank-you screen', async () => {
  const { page, context, assertClean } = await openPage(browser);
  await page.goto(`${endpoint.url}/?config=/custom/config.json`);
  await ready(page);
  assert.equal(await page.getAttribute('.pg-app', 'lang'), 'en', 'lang from the config file');
  const primary = await page.evaluate(() => getComputedStyle(document.querySelector('.prongsai-root')).getPropertyValue('--pg-primary').trim());
  assert.equal(primary, '#5b2a86', 'theme colour applied');
  for (let i = 0; i < 8 && !(await page.$('.pg-review')); i++) {
    const labels = await page.$$('.pg-options');
    for (const o of labels) await (await o.$$('label')).at(-1).click();
    await page.click('.pg-nav .pg-primary');
    await page.waitForTimeout(50);
  }
  await page.click('.pg-nav .pg-primary');
  await page.waitForSelector('.pg-thanks');
  const text = await page.textContent('.pg-thanks');
  assert.match(text, /Phone 0 2123 4567/);
  assert.match(text, /This survey does not take complaints/);
  assert.equal(await page.getAttribute('.pg-complaint a', 'href'), 'https://complaints.example.go.th/');
  assert.deepEqual(await axe(page), []);
  await shot(page, 'thanks-contact');
  assertClean('config');
  await context.close();
});

test('a javascript: complaint URL is ignored', async () => {
  const { page, context } = await openPage(browser);
  await page.goto(`${endpoint.url}/?survey=quick&complaint_url=javascript:alert(1)`);
  await ready(page);
  await page.click('.pg-options label');
  await page.click('.pg-nav .pg-primary');
  await page.waitForSelector('.pg-thanks');
  assert.equal(await page.$('.pg-complaint'), null);
  await context.close();
});
