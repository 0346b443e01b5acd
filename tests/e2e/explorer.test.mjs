// The offer explorer end to end, against `offerscope serve --demo`: real key presses and
// clicks on the canvas, checked through the app's own automation hook (window.offerscope).
import { startServer, launchBrowser, run, expect, shot } from './harness.mjs';

const server = await startServer(['--demo']);
const { browser, page, errors } = await launchBrowser({ width: 1400, height: 900 });
const state = () => page.evaluate(() => window.offerscope.state());
const allDone = () => page.waitForFunction(() => {
  const s = window.offerscope.state();
  return Object.values(s.loading).every((p) => p.phase === 'done' || p.phase === 'error');
}, null, { timeout: 60000 });
const csvRows = (csv) => csv.trim().split('\n').map((l) => l.split(','));

try {
  await page.goto(server.url);
  await page.evaluate(() => window.offerscope.ready());
  await allDone();

  await run('opens to offers from every provider, labelled as a snapshot', async () => {
    const s = await state();
    for (const p of ['vast', 'primeintellect', 'dispersed']) {
      expect(s.loading[p].phase === 'done', `${p}: ${JSON.stringify(s.loading[p])}`);
      expect(s.rows.some((id) => id.startsWith(p + ':')), `no ${p} rows`);
    }
    expect(s.snapshot === '2026-11-20T12:00:00Z', `snapshot ${s.snapshot}`);
    await page.screenshot({ path: shot('explorer-open.png') });
  });

  await run('typing a query filters the rows and updates the URL', async () => {
    const before = (await state()).total;
    await page.mouse.click(500, 58);  // the query bar
    await page.keyboard.type('gpu=H100 gpu_count>=2', { delay: 15 });
    await page.waitForFunction(() => window.offerscope.state().view.query === 'gpu=H100 gpu_count>=2');
    const s = await state();
    expect(s.total > 0 && s.total < before, `total ${s.total} of ${before}`);
    const url = await page.evaluate(() => location.hash);
    expect(url.includes('q=gpu%3DH100'), `hash ${url}`);
    const csv = csvRows(await page.evaluate(() => window.offerscope.exportCsv()));
    const gpu = csv[0].indexOf('gpu'), count = csv[0].indexOf('gpu_count');
    for (const r of csv.slice(1)) expect(r[gpu].startsWith('H100') && Number(r[count]) >= 2, `row ${r[gpu]} x${r[count]}`);
    await page.screenshot({ path: shot('explorer-query.png') });
  });

  await run('a query error is shown at its position and keeps the last rows', async () => {
    await page.keyboard.type(' price=>', { delay: 10 });
    await page.waitForFunction(() => window.offerscope.state().queryError !== null);
    const s = await state();
    expect(/operator/.test(s.queryError), s.queryError);
    expect(s.total > 0, 'rows kept');
    await page.screenshot({ path: shot('explorer-query-error.png') });
    // Quick presses: each must count even when press and release fall between two frames.
    for (let i = 0; i < 8; ++i) await page.keyboard.press('Backspace');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.offerscope.state().view.query === 'gpu=H100 gpu_count>=2', null, { timeout: 10000 });
  });

  await run('reloading the URL shows the same rows', async () => {
    const before = await state();
    await page.reload();
    await page.evaluate(() => window.offerscope.ready());
    await allDone();
    const after = await state();
    expect(after.view.query === before.view.query, `query ${after.view.query}`);
    expect(JSON.stringify(after.rows) === JSON.stringify(before.rows), 'rows differ after reload');
  });

  await run('back steps to the previous filter', async () => {
    // A real edit (Chrome skips history entries pushed without a user gesture).
    await page.mouse.click(500, 58);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('gpu=RTX_4090', { delay: 10 });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => location.hash.includes('RTX') && window.offerscope.state().view.query === 'gpu=RTX_4090');
    await page.goBack();
    await page.waitForFunction(() => window.offerscope.state().view.query === 'gpu=H100 gpu_count>=2', null, { timeout: 15000 });
  });

  await run('sorting by $/GPU-h orders the rows by that price', async () => {
    await page.evaluate(() => window.offerscope.setQuery(''));
    expect(await page.evaluate(() => window.offerscope.sortBy('price_per_gpu')), 'sortBy refused');
    const csv = csvRows(await page.evaluate(() => window.offerscope.exportCsv()));
    const col = csv[0].indexOf('price_usd_per_gpu_hour');
    const prices = csv.slice(1).map((r) => r[col]).filter((v) => v !== '').map(Number);
    expect(prices.length > 1000, `${prices.length} priced rows`);
    for (let i = 1; i < prices.length; ++i) expect(prices[i - 1] <= prices[i], `row ${i}: ${prices[i - 1]} > ${prices[i]}`);
    expect((await page.evaluate(() => location.hash)).includes('sort=price_per_gpu'), 'sort not in URL');
  });

  await run('compare two offers', async () => {
    await page.evaluate(() => { window.offerscope.compareRow(0); window.offerscope.compareRow(1); });
    const s = await state();
    expect(s.view.compare.length === 2 && s.view.compare[0] === s.rows[0], JSON.stringify(s.view.compare));
    await page.waitForTimeout(300);
    await page.screenshot({ path: shot('explorer-compare.png') });
  });

  await run('export CSV holds exactly the filtered rows', async () => {
    await page.evaluate(() => window.offerscope.setQuery('provider=vast gpu_count>=4'));
    const s = await state();
    const csv = csvRows(await page.evaluate(() => window.offerscope.exportCsv()));
    expect(csv.length - 1 === s.total, `${csv.length - 1} CSV rows, ${s.total} in the table`);
    const id = csv[0].indexOf('id');
    expect(csv.slice(1).every((r, i) => `vast:${r[id]}` === s.rows[i]), 'CSV order differs from the table');
  });

  await run('clicking a point in the chart selects its row', async () => {
    await page.evaluate(() => window.offerscope.setQuery('gpu_count>=8'));
    await page.waitForTimeout(500);
    const s = await state();
    let target = -1, pos = null;
    for (let i = 0; i < s.rows.length && target < 0; ++i) {
      pos = await page.evaluate((k) => window.offerscope.chartPoint(k), i);
      if (pos) target = i;
    }
    expect(target >= 0, 'no point drawn');
    await page.mouse.click(pos.x, pos.y);
    await page.waitForFunction(() => window.offerscope.state().selected >= 0, null, { timeout: 5000 });
    const sel = (await state()).selected;
    const p = await page.evaluate((k) => window.offerscope.chartPoint(k), sel);
    expect(Math.hypot(p.x - pos.x, p.y - pos.y) < 9, `selected row ${sel} is not at the click`);
    await page.screenshot({ path: shot('explorer-chart.png') });
  });

  await run('a malformed share link shows a notice and keeps what it could decode', async () => {
    await page.goto(server.url + '#q=gpu%3DH100&sort=nonsense_field&disk=abc&v=9');
    await page.evaluate(() => window.offerscope.ready());
    const s = await state();
    expect(s.view.query === 'gpu=H100', `query ${s.view.query}`);
    expect(s.notices.length > 0, 'no notice');
    await page.screenshot({ path: shot('explorer-bad-link.png') });
  });

  await run('a share link with a broken query opens with the error shown', async () => {
    await page.goto(server.url + '#q=gpu%3DH100+price%3D%3E&v=1');
    await page.reload();
    await page.evaluate(() => window.offerscope.ready());
    const s = await state();
    expect(s.view.query === 'gpu=H100 price=>', `query ${s.view.query}`);
    expect(/operator/.test(s.queryError || ''), `error ${s.queryError}`);
  });

  await run('a failing provider shows its error while the others stay', async () => {
    await page.route('**/api/v1/providers/dispersed/**', (route) =>
      route.fulfill({ status: 502, contentType: 'application/json', body: '{"error":"Dispersed could not be reached"}' }));
    await page.goto(server.url + '#v=1');
    await page.reload();
    await page.evaluate(() => window.offerscope.ready());
    await allDone();
    const s = await state();
    expect(s.loading.dispersed.phase === 'error', JSON.stringify(s.loading.dispersed));
    expect(/502/.test(s.loading.dispersed.message), s.loading.dispersed.message);
    expect(s.rows.some((id) => id.startsWith('vast:')) && !s.rows.some((id) => id.startsWith('dispersed:')), 'rows');
    await page.screenshot({ path: shot('explorer-provider-error.png') });
    await page.unroute('**/api/v1/providers/dispersed/**');
  });

  await run('no console errors', async () => {
    // The failing-provider case makes the browser log its own 502 on purpose.
    const unexpected = errors.filter((e) => !/502 \(Bad Gateway\)/.test(e));
    expect(unexpected.length === 0, unexpected.join('\n'));
  });
} finally {
  await browser.close();
  await server.stop();
}
