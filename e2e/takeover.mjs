// Measures the survey page as a phone at a counter gets it (slow 4G: 150 ms RTT, 1.6 Mbit/s
// down, 4× CPU): when the server-rendered first radio is usable and when the wasm has taken
// over. Not a test: node e2e/takeover.mjs [runs] (PRONGSAI_BIN as for the tests).
import { startProngsaiServe, launch } from './lib/harness.mjs';

const runs = Number(process.argv[2] || 3);
const endpoint = await startProngsaiServe();
const browser = await launch();
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8,
    });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(`${endpoint.url}/?survey=ita-eit&unit=demo`, { waitUntil: 'commit' });
    await page.waitForSelector('#prongsai input[type=radio]', { timeout: 30000 });
    const usable = await page.evaluate(() => performance.now());
    await page.waitForSelector('#prongsai[data-prongsai-mounted] .pg-app', { timeout: 60000 });
    const mounted = await page.evaluate(() => performance.now());
    const wasm = await page.evaluate(() => performance.getEntriesByType('resource').filter((r) => r.name.endsWith('.wasm')).map((r) => r.responseEnd)[0]);
    console.log(`run ${i + 1}: first radio usable ${(usable / 1000).toFixed(2)} s, wasm downloaded ${(wasm / 1000).toFixed(2)} s, taken over ${(mounted / 1000).toFixed(2)} s (takeover after download ${((mounted - wasm) / 1000).toFixed(2)} s)`);
    await context.close();
  }
} finally {
  await browser.close();
  await endpoint.close();
}
