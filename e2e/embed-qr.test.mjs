// QR posters: the URL that `prongsai qr` encodes for each service point opens the right survey,
// and the unit and point reach the envelope.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT, startEndpoint, launch, openPage, ready, until, heading, answerScreen, clickNext, shot } from './lib/harness.mjs';

/** The native binary: PRONGSAI_BIN, or a build in one of the usual target directories. */
function findBinary() {
  const dirs = [process.env.CARGO_TARGET_DIR, path.join(ROOT, 'target'), path.join(ROOT, 'target-server')].filter(Boolean);
  const candidates = [process.env.PRONGSAI_BIN, ...dirs.flatMap((d) => [path.join(d, 'release', 'prongsai'), path.join(d, 'debug', 'prongsai')])];
  return candidates.find((c) => c && fs.existsSync(c));
}

const BIN = findBinary();
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

test('prongsai qr: each poster\'s URL opens the survey for its unit and service point', { skip: BIN ? false : 'no prongsai binary (build it, or set PRONGSAI_BIN)' }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prongsai-qr-'));
  const out = path.join(dir, 'posters.html');
  const unit = 'ban-prongsai';
  const run = spawnSync(BIN, ['qr', '--base-url', endpoint.url, '--survey', 'satisfaction', '--unit', unit,
    '--point', 'counter-1:ช่องบริการ 1', '--point', 'registry:งานทะเบียน', '--agency', 'เทศบาลตำบลบ้านโปร่งใส', '-o', out], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  // stderr: "<point>: <url>" per poster; the poster prints the same URL under its code.
  const urls = Object.fromEntries(run.stderr.split('\n').map((l) => l.match(/^(\S+): (http\S+)$/)).filter(Boolean).map((m) => [m[1], m[2]]));
  assert.deepEqual(Object.keys(urls).sort(), ['counter-1', 'registry']);
  const poster = fs.readFileSync(out, 'utf8');
  for (const url of Object.values(urls)) {
    assert.ok(poster.includes(url.replaceAll('&', '&amp;')), `the poster shows ${url}`);
    assert.ok(/^[\x21-\x7e]+$/.test(url), 'the encoded URL is plain ASCII');
    assert.ok(poster.includes(`QR Code: ${url.replaceAll('&', '&amp;')}`), 'the code itself is labelled with that URL');
  }
  fs.rmSync(dir, { recursive: true, force: true });

  for (const [point, url] of Object.entries(urls)) {
    const { page, context, assertClean } = await openPage(browser);
    const before = await endpoint.count('satisfaction');
    await page.goto(url);
    await ready(page);
    assert.match(await page.textContent('.pg-title'), /แบบสำรวจความพึงพอใจ/);
    if (point === 'counter-1') await shot(page, 'qr-opened', { slices: 1 });
    for (let i = 0; i < 6 && !(await page.$('.pg-thanks')); i++) {
      await answerScreen(page);
      const h = await heading(page);
      await clickNext(page);
      await until(async () => (await page.$('.pg-thanks')) || (await heading(page)) !== h, 5000, 'next screen');
      if (await page.$('.pg-review')) await clickNext(page);
    }
    await page.waitForSelector('.pg-thanks');
    await until(async () => (await endpoint.count('satisfaction')) === before + 1, 10000, 'stored');
    // The survey, unit and point of the poster reached the stored envelope.
    assert.equal(await endpoint.count('satisfaction', { unit, point }), 1);
    assertClean(point);
    await context.close();
  }
});
