// The officer's results pages of `prongsai serve` in real Chromium: log in with the admin token,
// read the dashboards, moderate comments, open the public page and the reports; axe-core finds no
// serious or critical violation, and nothing scrolls sideways at 360 px. Screenshots at 360 px
// (e2e/artifacts/results-*.png) and 1280 px (results-*-1280.png); the O16 and O42 as PDF.
//
// Runs against the binary in PRONGSAI_BIN, else the first of target*/release|debug/prongsai.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { ROOT, ARTIFACTS, launch, openPage, axe, shot } from './lib/harness.mjs';

const TOKEN = 'e2e-results-admin-token-0123';

function binary() {
  if (process.env.PRONGSAI_BIN) return process.env.PRONGSAI_BIN;
  const dirs = [process.env.CARGO_TARGET_DIR, 'target', 'target-server'].filter(Boolean);
  for (const d of dirs) {
    for (const profile of ['release', 'debug']) {
      const p = path.resolve(ROOT, d, profile, 'prongsai');
      if (fs.existsSync(p)) return p;
    }
  }
  throw new Error('no prongsai binary: build it (cargo build -p prongsai) or set PRONGSAI_BIN');
}

let server;
let base;
let dir;
let browser;

async function startServer() {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prongsai-results-'));
  const config = path.join(dir, 'prongsai.toml');
  fs.writeFileSync(
    config,
    `admin_token = "${TOKEN}"
public_summaries = ["satisfaction", "ita-eit"]
agency = "เทศบาลตำบลทดสอบ"
max_backdate_days = 3650
[[units]]
id = "demo"
name = "สำนักปลัด"
points = ["counter-1", "counter-2"]
[rate_limit]
per_minute = 0
`,
  );
  server = spawn(binary(), ['serve', '--addr', '127.0.0.1:0', '--data-dir', path.join(dir, 'data'), '--config', config, '--widget-dir', path.join(dir, 'no-widget')], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, PRONGSAI_LOG: 'warn' },
  });
  base = await new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error('prongsai serve did not start')), 30000);
    server.on('exit', (code) => reject(new Error(`prongsai serve exited with ${code}`)));
    server.stdout.on('data', (d) => {
      buf += d;
      const m = buf.match(/listening on (http:\/\/\S+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
}

// ---- responses, made from the built-in instruments like the widget would
const instruments = Object.fromEntries(
  ['ita-eit', 'satisfaction', 'ita-iit'].map((id) => [id, JSON.parse(fs.readFileSync(path.join(ROOT, 'instruments', `${id}.json`), 'utf8'))]),
);
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const pick = (list, skew) => {
  if (!skew) return list[Math.floor(rand() * list.length)];
  // Ordinal scales: higher answers more often, as in real surveys.
  const weights = list.map((_, i) => i + 1);
  let r = rand() * weights.reduce((a, b) => a + b, 0);
  for (let i = 0; i < list.length; i++) if ((r -= weights[i]) < 0) return list[i];
  return list[list.length - 1];
};
const COMMENTS = [
  'ที่จอดรถไม่พอ ควรเพิ่มที่จอดรถ',
  'เจ้าหน้าที่บริการดีมาก ขอบคุณครับ',
  'โทรกลับที่ 081-234-5678 ด้วยครับ',
  'นายสมชาย ใจดี พูดจาไม่สุภาพ',
  'ห้องน้ำสกปรก <ควรปรับปรุง>',
];

function answers(ins, comment) {
  const scales = Object.fromEntries(ins.scales.map((s) => [s.id, s]));
  const a = {};
  for (const section of ins.sections) {
    for (const item of section.items) {
      const scale = scales[item.scale];
      const codes = item.sub_items?.length ? item.sub_items.map((s) => s.code) : [item.code];
      for (const code of codes) {
        if (scale.kind === 'text') {
          if (comment) a[code] = comment;
          continue;
        }
        if (scale.kind === 'number' || !scale.options?.length) continue;
        const values = scale.options.map((o) => o.value);
        a[code] = scale.kind === 'multiple' ? [pick(values)] : pick(values, scale.kind === 'ordinal');
      }
    }
  }
  return a;
}

function day(i, span) {
  const d = new Date(Date.UTC(2024, 9, 1) + ((i * 7919) % span) * 86400000);
  return d.toISOString().slice(0, 10);
}

async function postAll(envelopes) {
  let next = 0;
  async function worker() {
    while (next < envelopes.length) {
      const env = envelopes[next++];
      const r = await fetch(`${base}/api/v1/responses`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(env) });
      if (r.status !== 201) throw new Error(`not stored: ${r.status} ${await r.text()}`);
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker));
}

// Today in Bangkok (UTC+7): pages default to the current fiscal year to date.
const TODAY = new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 10);
// Months from October 2024 up to this month: the trend never shows a month after today.
const MONTHS_TO_DATE = (Number(TODAY.slice(0, 4)) - 2024) * 12 + Number(TODAY.slice(5, 7)) - 10 + 1;

function envelope(id, i, { point = 'counter-1', comment = null } = {}) {
  const ins = instruments[id];
  return {
    format: 'prongsai.response/1', id: crypto.randomUUID(), instrument: id, edition: ins.edition,
    unit: 'demo', point, submitted: comment ? TODAY : day(i, 760), locale: 'th', answers: answers(ins, comment),
  };
}

before(async () => {
  await startServer();
  const envs = [];
  for (let i = 0; i < 400; i++) envs.push(envelope('ita-eit', i, { point: i % 3 ? 'counter-1' : 'counter-2' }));
  for (let i = 0; i < 300; i++) {
    envs.push(envelope('satisfaction', i, { point: i % 2 ? 'counter-1' : 'counter-2', comment: i < COMMENTS.length ? COMMENTS[i] : null }));
  }
  // The staff survey: a handful of people, one comment.
  for (let i = 0; i < 12; i++) envs.push(envelope('ita-iit', i, { point: null, comment: i === 0 ? 'หัวหน้าใช้รถหลวงไปธุระส่วนตัว' : null }));
  await postAll(envs);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function logIn(page) {
  await page.goto(`${base}/admin/results`);
  assert.match(page.url(), /\/admin\/login\?next=/, 'sent to the login form');
  assert.deepEqual(await axe(page), [], 'login page: axe');
  await page.fill('#token', TOKEN);
  await Promise.all([page.waitForURL(/\/admin\/results$/), page.click('button[type=submit]')]);
}

async function check(page, url, name) {
  const res = await page.goto(`${base}${url}`);
  assert.equal(res.status(), 200, url);
  const violations = await axe(page);
  assert.deepEqual(violations, [], `${url}: axe serious/critical`);
  await shot(page, name);
}

async function wide(url, name) {
  const { page, context, assertClean } = await openPage(browser, { context: { viewport: { width: 1280, height: 900 } } });
  await logIn(page);
  await page.goto(`${base}${url}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, `${url} at 1280 px`);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}-1280.png`), clip: { x: 0, y: 0, width: 1280, height: Math.min(height, 3000) }, fullPage: true });
  assertClean(name);
  await context.close();
}

test('dashboards, moderation and public page at 360 px: axe clean, nothing sideways', async () => {
  const { page, context, assertClean } = await openPage(browser);
  await logIn(page);
  await check(page, '/admin/results', 'results-index');
  assert.equal(await page.getAttribute('tr[data-instrument="ita-eit"]', 'data-n'), '400');

  await check(page, '/admin/results/ita-eit?from=1/10/2567', 'results-eit');
  assert.equal(await page.getAttribute('[data-n]', 'data-n'), '400');
  assert.equal(await page.locator('tr[data-month]').count(), MONTHS_TO_DATE, 'every month from October 2024 to this month');
  assert.match(await page.textContent('main'), /ข้อมูล ณ วันที่/);
  assert.ok(await page.locator('tr[data-indicator]').count() === 3);
  assert.match(await page.textContent('main'), /ไม่ใช่ผลการประเมินอย่างเป็นทางการของ ป\.ป\.ช\./);

  await check(page, '/admin/results/satisfaction?from=1/10/2567', 'results-satisfaction');
  assert.equal(await page.locator('tr[data-area]').count(), 7);
  await check(page, '/admin/results/ita-iit', 'results-iit');
  await check(page, '/admin/results/ita-eit?point=counter-2&from=2025-04-01&to=2025-04-30', 'results-eit-filtered');

  // Moderation: approve a plain comment, then a flagged one only after confirming.
  await check(page, '/admin/comments?instrument=satisfaction', 'results-comments');
  const plain = page.locator('article', { hasText: 'ที่จอดรถไม่พอ' });
  await Promise.all([page.waitForURL(/done=approved/), plain.locator('button', { hasText: 'อนุมัติให้เผยแพร่' }).click()]);
  const flagged = page.locator('article', { hasText: '081-234-5678' });
  assert.match(await flagged.textContent(), /อาจมีหมายเลขโทรศัพท์/);
  await Promise.all([page.waitForLoadState('load'), flagged.locator('button', { hasText: 'ต้องยืนยัน' }).click()]);
  assert.match(await page.textContent('h1'), /ยืนยันการเผยแพร่/);
  assert.deepEqual(await axe(page), [], 'confirmation page: axe');
  await shot(page, 'results-confirm');
  await Promise.all([page.waitForURL(/done=approved/), page.click('button.danger')]);
  const named = page.locator('article', { hasText: 'นายสมชาย' });
  await Promise.all([page.waitForURL(/done=hidden/), named.locator('button', { hasText: 'ซ่อน' }).click()]);

  // The staff survey's comment stands alone.
  await check(page, '/admin/comments?instrument=ita-iit&status=all', 'results-comments-iit');
  await check(page, '/admin/posters', 'results-posters');

  // Public page: no login, approved comments only.
  const pub = await context.newPage();
  await pub.context().clearCookies();
  const res = await pub.goto(`${base}/public/satisfaction`);
  assert.equal(res.status(), 200);
  const text = await pub.textContent('body');
  assert.match(text, /ที่จอดรถไม่พอ/);
  assert.match(text, /081-234-5678/);
  assert.doesNotMatch(text, /นายสมชาย|ห้องน้ำสกปรก|ขอบคุณครับ|หัวหน้าใช้รถหลวง/);
  assert.deepEqual(await axe(pub), [], 'public page: axe');
  await shot(pub, 'results-public');
  assertClean('results pages');
  await context.close();
});

test('the dashboard at 1280 px', async () => {
  await wide('/admin/results/ita-eit', 'results-eit');
  await wide('/admin/results/satisfaction', 'results-satisfaction');
});

test('O16 and O42 print to A4 PDF with Thai text', async () => {
  const { page, context, assertClean } = await openPage(browser);
  await logIn(page);
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  for (const [url, name, heading] of [
    ['/admin/reports/o16/satisfaction?view=1&from=2024-10-01&to=2025-09-30', 'results-o16', 'รายงานผลการสำรวจความพึงพอใจการให้บริการ'],
    ['/admin/reports/o42/ita-eit?view=1&from=2025-10-01&to=2026-09-30', 'results-o42', 'รายงานการวิเคราะห์ผลการประเมินคุณธรรม'],
  ]) {
    const res = await page.goto(`${base}${url}`);
    assert.equal(res.status(), 200);
    assert.match(await page.textContent('h1'), new RegExp(heading));
    assert.deepEqual(await axe(page), [], `${name}: axe`);
    const pdf = path.join(ARTIFACTS, `${name}.pdf`);
    await page.pdf({ path: pdf, format: 'A4', printBackground: true });
    assert.ok(fs.statSync(pdf).size > 10000, `${name}.pdf written`);
    const out = spawnSync('pdftotext', ['-l', '1', pdf, '-'], { encoding: 'utf8' });
    if (out.status === 0) assert.match(out.stdout, /ปีงบประมาณ พ.ศ./, `${name}: Thai text in the PDF`);
    spawnSync('pdftoppm', ['-r', '60', '-png', '-f', '1', '-l', '2', pdf, path.join(ARTIFACTS, name)]);
  }
  assertClean('reports');
  await context.close();
});
