// Screenshots of every citizen screen at 360×740 against the real `prongsai serve`, for looking
// at (not a test): node e2e/screenshots.mjs [out-dir] (default e2e/artifacts/citizen/).
// PRONGSAI_BIN as for the tests.
import fs from 'node:fs';
import path from 'node:path';
import { startProngsaiServe, launch, answerScreen, ready, ARTIFACTS } from './lib/harness.mjs';

const out = process.argv[2] || path.join(ARTIFACTS, 'citizen');
fs.mkdirSync(out, { recursive: true });
const endpoint = await startProngsaiServe();
const browser = await launch();
const snap = async (page, name, full = false) => page.screenshot({ path: path.join(out, `${name}.png`), fullPage: full });
try {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  for (const id of ['ita-eit', 'ita-iit', 'satisfaction', 'quick']) {
    await page.goto(`${endpoint.url}/?survey=${id}&unit=demo`);
    await ready(page);
    await snap(page, `${id}-1`);
  }
  // EIT to the end: screen 2 (compact header), review, thanks.
  await page.goto(`${endpoint.url}/?survey=ita-eit&unit=demo`);
  await ready(page);
  for (let i = 0; i < 8 && !(await page.$('.pg-review')); i++) {
    await answerScreen(page, () => 3);
    if (i === 1) await snap(page, 'ita-eit-2');
    await page.click('.pg-nav .pg-primary');
    await page.waitForTimeout(150);
  }
  await snap(page, 'review');
  await snap(page, 'review-full', true);
  await page.click('.pg-nav .pg-primary');
  await page.waitForSelector('.pg-thanks');
  await snap(page, 'thanks');
  // IIT review (the long one).
  await page.goto(`${endpoint.url}/?survey=ita-iit&unit=demo`);
  await ready(page);
  for (let i = 0; i < 10 && !(await page.$('.pg-review')); i++) {
    await answerScreen(page, () => 2);
    await page.click('.pg-nav .pg-primary');
    await page.waitForTimeout(150);
  }
  await snap(page, 'review-iit-full', true);
  // Kiosk and its reason screen.
  await page.goto(`${endpoint.url}/?survey=quick&kiosk=1&kiosk-reason=30&unit=kiosk-unit`);
  await ready(page);
  await snap(page, 'kiosk');
  await page.click('.pg-tap >> nth=1');
  await page.waitForSelector('.pg-reason');
  await snap(page, 'kiosk-reason');
  // The unknown survey page, as the server sends it (before the wasm).
  await page.route(/\.wasm$/, (r) => r.abort());
  await page.goto(`${endpoint.url}/?survey=nonexistent&unit=demo`);
  await snap(page, 'error-unknown');
  await page.goto(`${endpoint.url}/?survey=ita-eit&unit=demo`);
  await page.waitForTimeout(500);
  await snap(page, 'eit-server-rendered-no-wasm');
  const tablet = await browser.newContext({ viewport: { width: 1024, height: 768 } });
  const t = await tablet.newPage();
  await t.goto(`${endpoint.url}/?survey=quick&kiosk=1&unit=kiosk-unit`);
  await ready(t);
  await t.screenshot({ path: path.join(out, 'kiosk-1024.png') });
  const wide = await browser.newContext({ viewport: { width: 800, height: 900 } });
  const w = await wide.newPage();
  await w.goto(`${endpoint.url}/?survey=satisfaction&unit=demo`);
  await ready(w);
  await w.screenshot({ path: path.join(out, 'satisfaction-800.png'), fullPage: true });
} finally {
  await browser.close();
  await endpoint.close();
}
console.log(`screenshots in ${out}`);
