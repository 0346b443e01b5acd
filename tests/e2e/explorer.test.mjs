// The offer explorer end to end, against `offerscope serve --demo`: real key presses and
// clicks on the canvas, checked through the app's own automation hook (window.offerscope)
// and against the exported data. Screenshots of the main states go to build/e2e/.
import { writeFileSync } from 'node:fs';
import { startServer, launchBrowser, run, expect, shot } from './harness.mjs';

const server = await startServer(['--demo']);
const { browser, page, errors } = await launchBrowser({ width: 1400, height: 900 });
page.on('crash', () => errors.push('the page crashed'));
const state = () => page.evaluate(() => window.offerscope.state());
// Generous: on a busy 2-core machine software WebGL frames can take a second.
const until = (fn, arg, timeout = 30000) => page.waitForFunction(fn, arg, { timeout });
// Waits until the frame loop ran `n` more frames.
const frames = async (n) => {
  const from = await page.evaluate(() => window.offerscope.frameCount());
  await until(([from, n]) => window.offerscope.frameCount() >= from + n, [from, n]);
};
const allDone = () => until(() => {
  const s = window.offerscope.state();
  return Object.values(s.loading).every((p) => p.phase === 'done' || p.phase === 'error');
}, null, 60000);
// A fresh page load (a changed fragment alone would be a same-document navigation).
const open = async (hash = '') => {
  await page.goto('about:blank');
  await page.goto(server.url + hash);
  await page.evaluate(() => window.offerscope.ready());
  await allDone();
};
// Types `text` with real key presses and waits until the query box holds `expected`.
// (An earlier version typed again when none of the keys arrived, blaming Chromium. The keys
// were the app's to lose: `/` often left the box inactive, and a key pressed while the box
// let go of the keyboard reached nothing; web/ui/query_bar.cpp. Lost keys now fail.)
const typeInBox = async (text, expected, delay = 15) => {
  const before = (await state()).queryText;
  await page.keyboard.type(text, { delay });
  const arrived = (timeout = 8000) => page.waitForFunction((q) => window.offerscope.state().queryText === q, expected, { timeout })
    .then(() => true, () => false);
  if (await arrived()) return;
  // Some keys arrived: the app is slow, not deaf (the AddressSanitizer build with 100,000
  // offers re-filters them on every key and took over 8 s for 12 keys in CI). Wait longer.
  if ((await state()).queryText !== before && await arrived(60000)) return;
  expect(false, `typed "${text}": the box holds "${(await state()).queryText}", expected "${expected}"`);
};
// Committed (Enter) and applied: the URL and the rows follow the text.
const committed = (q) => until((q) => {
  const s = window.offerscope.state();
  return s.view.query === q && s.queryText === q && s.queryError === null;
}, q);
// Committed with Enter: as above, and the query bar's history ends with it. Recalling a
// query with Up already puts it in the URL and the rows, so without this the test could
// go on while its Enter is still on the way, and that Enter would land in the next test.
const enterCommitted = (q) => until((q) => {
  const s = window.offerscope.state();
  return s.view.query === q && s.queryText === q && s.queryError === null && s.history.at(-1) === q;
}, q);
// The chart draws a new picture over several frames and shows the last complete one
// meanwhile: wait until the one on screen is of the current rows and selection.
const chartCurrent = (timeout = 60000) => until(() => window.offerscope.chartState().current, null, timeout);
const chartState = () => page.evaluate(() => window.offerscope.chartState());
// RFC 4180 as the app writes it: quoted fields may hold commas and doubled quotes.
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', quoted = false;
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; ++i; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}
const exportCsv = async () => parseCsv(await page.evaluate(() => window.offerscope.exportCsv()));
const col = (csv, name) => { const i = csv[0].indexOf(name); expect(i >= 0, `no CSV column ${name}`); return i; };
// A spot of the canvas with no widget: the main window takes the keyboard, no text box does.
const focusCanvas = () => page.mouse.click(1385, 36);

try {
  await open();

  await run('opens to offers from every provider, labelled as a snapshot', async () => {
    const s = await state();
    for (const p of ['vast', 'primeintellect', 'dispersed']) {
      expect(s.loading[p].phase === 'done', `${p}: ${JSON.stringify(s.loading[p])}`);
      expect(s.loading[p].pages >= 1 && s.loading[p].pages === s.loading[p].total, `${p} pages ${JSON.stringify(s.loading[p])}`);
      expect(s.rows.some((id) => id.startsWith(p + ':')), `no ${p} rows`);
    }
    expect(s.total === s.offers && s.total === s.rows.length, `total ${s.total}, offers ${s.offers}`);
    expect(/^\d{4}-\d\d-\d\dT/.test(s.snapshot || ''), `snapshot ${s.snapshot}`);
    // The server's COOP/COEP headers took effect: the page (which holds keys) shares no
    // browsing context group with other sites, and its clocks are the fine ones.
    expect(await page.evaluate(() => self.crossOriginIsolated), 'the page is not cross-origin isolated');
    // Plain fills are drawn by the untextured program and glyphs by the textured one, in a
    // bounded number of draw calls (web/render/draw_split.hpp keeps them batched). Counted
    // on a full redraw: other frames redraw only what changed.
    // The full redraw is looked up in the frame log: the frame after it may already be
    // another (the status line's clock ticking, a chart redraw's progress bar).
    await chartCurrent();
    await page.evaluate(() => { window.offerscope.resetFrameTimes(); window.offerscope.redrawAll(); });
    const frame = await page.evaluate(() => window.offerscope.frameCount());
    await until((f) => window.offerscope.frameCount() >= f + 2, frame);
    const draw = await page.evaluate(() => window.offerscope.frameLog().find((r) => r.damageShare > 0.99));
    expect(draw && draw.fillTriangles > 500 && draw.texturedTriangles > 2000 && draw.drawCalls < 200,
      `the full redraw sent ${JSON.stringify(draw)}`);
    await page.screenshot({ path: shot('explorer-open.png') });
  });

  await run('typing a query filters the rows and updates the URL', async () => {
    const before = (await state()).total;
    await page.mouse.click(500, 58);  // the query bar
    await typeInBox('gpu=H100 gpu_count>=2', 'gpu=H100 gpu_count>=2');
    await until(() => window.offerscope.state().view.query === 'gpu=H100 gpu_count>=2');
    const s = await state();
    expect(s.total > 0 && s.total < before, `total ${s.total} of ${before}`);
    await until(() => location.hash.includes('q=gpu%3DH100'));
    const csv = await exportCsv();
    const gpu = col(csv, 'gpu'), count = col(csv, 'gpu_count');
    expect(csv.length - 1 === s.total, `${csv.length - 1} CSV rows for ${s.total}`);
    for (const r of csv.slice(1)) expect(r[gpu].startsWith('H100') && Number(r[count]) >= 2, `row ${r[gpu]} x${r[count]}`);
    await page.screenshot({ path: shot('explorer-query.png') });
  });

  await run('a query error is shown at its position and keeps the last rows', async () => {
    const rows = (await state()).rows;
    await typeInBox(' price=>', 'gpu=H100 gpu_count>=2 price=>', 10);
    await until(() => window.offerscope.state().queryError !== null);
    const s = await state();
    expect(/operator/.test(s.queryError), s.queryError);
    expect(s.queryErrorPos === 'gpu=H100 gpu_count>=2 price'.length, `error at ${s.queryErrorPos}`);
    expect(JSON.stringify(s.rows) === JSON.stringify(rows), 'rows changed on a query error');
    await page.screenshot({ path: shot('explorer-query-error.png') });
    for (let i = 0; i < 8; ++i) await page.keyboard.press('Backspace');
    await page.keyboard.press('Enter');
    await enterCommitted('gpu=H100 gpu_count>=2');
    await until(() => window.offerscope.state().history.includes('gpu=H100 gpu_count>=2'));
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

  await run('back steps to the previous filter, forward to the next', async () => {
    await page.evaluate(() => window.offerscope.setQuery('gpu=RTX_4090'));
    await until(() => location.hash.includes('RTX'));
    const rtx = (await state()).rows;
    await page.goBack();
    await committed('gpu=H100 gpu_count>=2');
    await page.goForward();
    await committed('gpu=RTX_4090');
    expect(JSON.stringify((await state()).rows) === JSON.stringify(rtx), 'forward shows other rows');
  });

  await run('/ focuses the query; Tab completes fields and GPU models; Up recalls history', async () => {
    await page.evaluate(() => window.offerscope.setQuery(''));
    await focusCanvas();
    await page.keyboard.press('/');
    await typeInBox('gpu_cou', 'gpu_cou');
    await until(() => window.offerscope.state().completions.includes('gpu_count'));
    await page.screenshot({ path: shot('explorer-completion.png') });
    // 'gpu_cou' is also an error (no operator yet): the list opens under its message, not over it.
    await frames(2);
    const open = await state();
    const [, listTop] = open.completionsRect, [, msgTop, , msgBottom] = open.queryMessageRect;
    expect(open.queryError !== null && msgBottom > msgTop && listTop >= msgBottom,
      `completion list at ${open.completionsRect}, error line at ${open.queryMessageRect} (${open.queryError})`);
    await page.keyboard.press('Tab');
    await until(() => window.offerscope.state().queryText === 'gpu_count');
    await typeInBox('>=4 gpu=RTX_40', 'gpu_count>=4 gpu=RTX_40');
    await until(() => window.offerscope.state().completions.length > 0);
    const options = (await state()).completions;
    expect(options.every((o) => o.startsWith('RTX_40')), options.join(' '));
    await page.keyboard.press('Tab');
    await until(() => /^gpu_count>=4 gpu=RTX_40\w+$/.test(window.offerscope.state().queryText));
    const picked = (await state()).queryText.split('=').pop();
    expect(options.includes(picked), `completed ${picked}, offered ${options}`);
    await page.keyboard.press('Enter');
    await enterCommitted(`gpu_count>=4 gpu=${picked}`);
    const csv = await exportCsv();
    expect(csv.length > 1, 'no rows for the completed query');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await until(() => window.offerscope.state().queryText === 'gpu=RTX_4090');
    await page.keyboard.press('Enter');
    await enterCommitted('gpu=RTX_4090');
  });

  // ImGui gives a box the keyboard two frames after it is asked to (after `/`, and again
  // after Enter, which lets go of it), and ignores keys in its first active frame. Keys
  // pressed meanwhile used to reach the table: typed letters were lost, and an Up right
  // after Enter moved the table's selection, so the next Up recalled the query just
  // committed instead of the one before (a flaky CI failure of the test above). They now
  // wait for the box.
  await run('keys pressed while the box is taking the keyboard (after / or Enter) wait for it', async () => {
    const boxHolds = async (text, what) => {
      const ok = await page.waitForFunction((q) => window.offerscope.state().queryText === q, text, { timeout: 15000 })
        .then(() => true, () => false);
      expect(ok, `${what}: the box holds "${(await state()).queryText}", expected "${text}"`);
    };
    await page.evaluate(() => window.offerscope.setQuery(''));
    await focusCanvas();
    await page.keyboard.press('/');
    await frames(1);  // the frame that saw `/`; the box is not active yet
    await page.keyboard.type('gpu=A100', { delay: 0 });
    await boxHolds('gpu=A100', 'typed at once after /');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await boxHolds('gpu=RTX_4090', 'Enter, Up, Up at once');
    await page.keyboard.press('Enter');
    await enterCommitted('gpu=RTX_4090');
  });

  await run('keys pressed faster than frames keep their order with typed characters', async () => {
    // No delay between events: several arrive within one frame. A letter typed after
    // Backspace must land after the deletion, and Enter must commit the text as shortened.
    await page.evaluate(() => window.offerscope.setQuery('gpu=H100'));
    await page.mouse.click(1000, 58);  // the query bar, caret at the end
    await until(() => window.offerscope.state().queryText === 'gpu=H100');
    await page.keyboard.type(' gpuX', { delay: 0 });
    await page.keyboard.press('Backspace');
    await page.keyboard.type('_count>=8x', { delay: 0 });
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Enter');
    await enterCommitted('gpu=H100 gpu_count>=8');
  });

  // Emscripten's GLFW passes the browser's wheel deltas on unchanged (pixels, positive =
  // down); ImGui wants notches, positive = up. Before web/wheel.js, one notch down scrolled
  // hundreds of rows up. Chrome's pixel mode: 100 per notch.
  await run('the mouse wheel scrolls the table a few rows per notch, in its direction', async () => {
    const firstRow = () => page.evaluate(() => {
      for (let i = 0; i < 5000; ++i) if (window.offerscope.tableRowRect(i)) return i;
      return -1;
    });
    await page.mouse.move(700, 300);
    expect(await firstRow() === 0, `the table does not start at its first row: ${await firstRow()}`);
    for (let i = 0; i < 3; ++i) { await page.mouse.wheel(0, 100); await frames(1); }
    await frames(2);
    const down = await firstRow();
    expect(down >= 3 && down <= 30, `3 notches down: first visible row ${down}`);
    for (let i = 0; i < 3; ++i) { await page.mouse.wheel(0, -100); await frames(1); }
    await frames(2);
    expect(await firstRow() === 0, `3 notches back up: first visible row ${await firstRow()}`);
  });

  await run('sorting by $/GPU-h orders the rows by that price', async () => {
    await page.evaluate(() => window.offerscope.setQuery(''));
    expect(await page.evaluate(() => window.offerscope.sortBy('price_per_gpu', false)), 'sortBy refused');
    const csv = await exportCsv();
    const c = col(csv, 'price_usd_per_gpu_hour');
    const prices = csv.slice(1).map((r) => r[c]);
    const known = prices.filter((v) => v !== '').map(Number);
    expect(known.length > 1000, `${known.length} priced rows`);
    for (let i = 1; i < known.length; ++i) expect(known[i - 1] <= known[i], `row ${i}: ${known[i - 1]} > ${known[i]}`);
    expect(prices.indexOf('') < 0 || prices.slice(prices.indexOf('')).every((v) => v === ''), 'unknown prices not last');
    await until(() => location.hash.includes('sort=price_per_gpu'));
    expect(await page.evaluate(() => window.offerscope.sortBy('nonsense')) === false, 'unknown sort field accepted');
  });

  await run('a multi-key sort from a link is kept and applied', async () => {
    await open('#sort=-gpu_count,price_per_gpu&v=1');
    await page.waitForTimeout(300);  // a few frames: the table must not drop the second key
    const s = await state();
    expect(JSON.stringify(s.view.sort) === JSON.stringify(['-gpu_count', 'price_per_gpu']), `sort ${JSON.stringify(s.view.sort)}`);
    const csv = await exportCsv();
    const n = col(csv, 'gpu_count'), p = col(csv, 'price_usd_per_gpu_hour');
    for (let i = 2; i < csv.length; ++i) {
      const a = csv[i - 1], b = csv[i];
      expect(Number(a[n]) > Number(b[n]) || (a[n] === b[n] && (b[p] === '' || (a[p] !== '' && Number(a[p]) <= Number(b[p])))),
        `rows ${i - 1},${i}: ${a[n]} x $${a[p]} before ${b[n]} x $${b[p]}`);
    }
    await page.screenshot({ path: shot('explorer-sorted.png') });
  });

  await run('keyboard: arrows select, Enter opens details, c adds to compare', async () => {
    await focusCanvas();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await until(() => window.offerscope.state().selected === 1);
    await page.keyboard.press('Enter');
    await until(() => window.offerscope.state().showDetails === true);
    await page.keyboard.press('c');
    await until(() => window.offerscope.state().view.compare.length > 0);
    const s = await state();
    expect(s.view.compare.length === 1 && s.view.compare[0] === s.rows[1], `compare ${s.view.compare}`);
    await page.waitForTimeout(200);
    await page.screenshot({ path: shot('explorer-details.png') });
    await page.keyboard.press('Escape');
    await until(() => window.offerscope.state().showDetails === false);
  });

  await run('compare two offers, and the comparison travels in the URL', async () => {
    await page.evaluate(() => { window.offerscope.compareRow(0); window.offerscope.openCompare(); });
    const s = await state();
    expect(s.view.compare.length === 2 && s.view.compare[1] === s.rows[0], JSON.stringify(s.view.compare));
    expect(s.showCompare, 'compare window closed');
    await until(() => location.hash.includes('cmp=') || location.hash.includes('compare='));
    await page.waitForTimeout(300);
    await page.screenshot({ path: shot('explorer-compare.png') });
    await page.reload();
    await page.evaluate(() => window.offerscope.ready());
    expect(JSON.stringify((await state()).view.compare) === JSON.stringify(s.view.compare), 'compare list lost on reload');
    await page.evaluate(() => window.offerscope.openPanel('compare', false));
  });

  await run('export CSV holds exactly the filtered rows, in order', async () => {
    await page.evaluate(() => window.offerscope.setQuery('provider=vast gpu_count>=4'));
    const s = await state();
    const csv = await exportCsv();
    expect(csv.length - 1 === s.total, `${csv.length - 1} CSV rows, ${s.total} in the table`);
    const id = col(csv, 'id'), prov = col(csv, 'provider'), n = col(csv, 'gpu_count');
    expect(csv.slice(1).every((r, i) => `${r[prov]}:${r[id]}` === s.rows[i]), 'CSV order differs from the table');
    expect(csv.slice(1).every((r) => r[prov] === 'vast' && Number(r[n]) >= 4), 'CSV row outside the filter');
  });

  await run('group view and settings open', async () => {
    await page.evaluate(() => { window.offerscope.setQuery(''); window.offerscope.openPanel('groups'); });
    await page.waitForTimeout(300);
    await page.screenshot({ path: shot('explorer-groups.png') });
    await page.evaluate(() => { window.offerscope.openPanel('groups', false); window.offerscope.openPanel('settings'); });
    await page.waitForTimeout(300);
    await page.screenshot({ path: shot('explorer-settings.png') });
    await page.evaluate(() => window.offerscope.openPanel('settings', false));
  });

  await run('my instances (Vast) load through the proxy and never reach the URL', async () => {
    expect(await page.evaluate(() => window.offerscope.openPanel('instances')), 'no instances panel');
    await page.waitForTimeout(1500);
    await page.screenshot({ path: shot('explorer-instances.png') });
    const hash = await page.evaluate(() => location.hash);
    expect(!/instance/i.test(hash), `instances in the URL: ${hash}`);
    await page.evaluate(() => window.offerscope.openPanel('instances', false));
  });

  await run('clicking a point in the chart selects its row', async () => {
    await page.evaluate(() => window.offerscope.setQuery('gpu_count>=8'));
    await chartCurrent();
    const s = await state();
    let target = -1, pos = null;
    for (let i = 0; i < s.rows.length && target < 0; ++i) {
      pos = await page.evaluate((k) => window.offerscope.chartPoint(k), i);
      if (pos) target = i;
    }
    expect(target >= 0, 'no point drawn');
    await page.mouse.click(pos.x, pos.y);
    await until(() => window.offerscope.state().selected >= 0, null, 5000);
    const sel = (await state()).selected;
    const p = await page.evaluate((k) => window.offerscope.chartPoint(k), sel);
    expect(Math.hypot(p.x - pos.x, p.y - pos.y) < 9, `selected row ${sel} is not at the click`);
    await page.screenshot({ path: shot('explorer-chart.png') });
  });

  await run('a malformed share link shows a notice and keeps what it could decode', async () => {
    await open('#q=gpu%3DH100&sort=nonsense_field&disk=abc&v=9');
    const s = await state();
    expect(s.view.query === 'gpu=H100', `query ${s.view.query}`);
    expect(s.notices.length > 0, 'no notice');
    expect(s.rows.length > 0, 'no rows');
    await page.screenshot({ path: shot('explorer-bad-link.png') });
  });

  await run('the light theme renders', async () => {
    await page.evaluate(() => localStorage.setItem('offerscope.theme', 'light'));
    await open('#v=1');
    await page.waitForTimeout(300);
    await page.screenshot({ path: shot('explorer-light.png') });
    await page.evaluate(() => localStorage.removeItem('offerscope.theme'));
  });

  await run('a share link with a broken query opens with the error shown', async () => {
    await open('#q=gpu%3DH100+price%3D%3E&v=1');
    const s = await state();
    expect(s.view.query === 'gpu=H100 price=>', `query ${s.view.query}`);
    expect(/operator/.test(s.queryError || ''), `error ${s.queryError}`);
  });

  await run('a failing provider shows its error while the others stay', async () => {
    await page.route('**/api/v1/providers/dispersed/**', (route) =>
      route.fulfill({ status: 502, contentType: 'application/json', body: '{"error":"Dispersed could not be reached"}' }));
    await open('#v=1');
    const s = await state();
    expect(s.loading.dispersed.phase === 'error', JSON.stringify(s.loading.dispersed));
    expect(/502/.test(s.loading.dispersed.message), s.loading.dispersed.message);
    expect(s.loading.vast.phase === 'done' && s.loading.primeintellect.phase === 'done', JSON.stringify(s.loading));
    expect(s.rows.some((id) => id.startsWith('vast:')) && s.rows.some((id) => id.startsWith('primeintellect:')), 'other rows gone');
    expect(!s.rows.some((id) => id.startsWith('dispersed:')), 'dispersed rows without data');
    await page.screenshot({ path: shot('explorer-provider-error.png') });
    await page.unroute('**/api/v1/providers/dispersed/**');
  });

  // Correctness at scale; the speed figures for the same work are in bench/web_bench.mjs.
  await run('100,000 offers: typing a query re-filters and re-sorts them', async () => {
    await open('#sort=price_per_gpu&v=1');
    await page.evaluate(() => window.offerscope.loadSynthetic(100000));
    await until(() => window.offerscope.state().offers === 100000);
    await page.mouse.click(500, 58);
    await page.keyboard.type('gpu_count>=2', { delay: 30 });
    await until(() => window.offerscope.state().view.query === 'gpu_count>=2');
    const s = await state();
    expect(s.total > 0 && s.total < 100000, `total ${s.total}`);
    const csv = await exportCsv();
    const count = col(csv, 'gpu_count'), price = col(csv, 'price_usd_per_gpu_hour');
    expect(csv.length - 1 === s.total, `${csv.length - 1} CSV rows for ${s.total}`);
    const prices = csv.slice(1).map((r) => r[price]).filter((v) => v !== '').map(Number);
    for (const r of csv.slice(1)) expect(Number(r[count]) >= 2, `row with ${r[count]} GPUs`);
    for (let i = 1; i < prices.length; ++i) expect(prices[i - 1] <= prices[i], `row ${i} out of price order`);
    await page.screenshot({ path: shot('explorer-100k.png') });
  });

  // The chart's redraw for new rows is spread over frames (web/render/chart_renderer.hpp):
  // in software WebGL one redraw of this many points took 150-600 ms in a single frame.
  await run('100,000 offers: the chart redraws a new query over several short frames, then shows its rows', async () => {
    await chartCurrent();
    const before = await chartState();
    await page.evaluate(() => { window.offerscope.describeFrames(false); window.offerscope.resetFrameTimes(); });
    await typeInBox(' vram_gb>=48', 'gpu_count>=2 vram_gb>=48', 30);
    await until(() => window.offerscope.state().view.query === 'gpu_count>=2 vram_gb>=48');
    // While it draws, the old picture stays on screen, and nothing is picked in it.
    await until(() => window.offerscope.chartState().drawing, null, 10000);
    const mid = await chartState();
    expect(!mid.current && mid.pointsShown === before.pointsShown, `mid-run ${JSON.stringify(mid)}, before ${JSON.stringify(before)}`);
    expect(await page.evaluate(() => window.offerscope.chartPoint(0)) === null, 'a point of the old picture is pickable mid-run');
    await page.screenshot({ path: shot('explorer-chart-mid-run.png') });
    await chartCurrent(30000);
    const s = await state(), after = await chartState();
    expect(after.pointsShown > 0 && after.pointsShown < before.pointsShown && after.pointsShown <= s.total,
      `after ${JSON.stringify(after)}, before ${JSON.stringify(before)}, ${s.total} rows`);
    const p = await page.evaluate(() => window.offerscope.chartPoint(0));
    expect(p && p.x > 0 && p.y > 0, `row 0's point ${JSON.stringify(p)}`);
    await page.screenshot({ path: shot('explorer-chart-after-run.png') });
    // The frames that drew the run: several, each short. One frame over 100 ms is let pass
    // (a garbage collection or the other tests' processes on a busy machine); the old
    // single-frame redraw took 150 ms and more.
    const log = await page.evaluate(() => window.offerscope.frameLog());
    const runFrames = log.filter((r) => r.chartPoints > 0);
    const drawn = runFrames.reduce((a, r) => a + r.chartPoints, 0);
    expect(runFrames.length >= 3 && drawn >= after.pointsShown, `${runFrames.length} frames drew ${drawn} chart points for ${after.pointsShown}`);
    // Not under AddressSanitizer: that build's frames are several times slower anyway.
    const intervals = runFrames.map((r) => r.intervalMs).filter((x) => x > 0);
    const long = intervals.filter((x) => x > 100);
    if (process.env.OFFERSCOPE_E2E_SANITIZED !== '1')
      expect(long.length <= 1, `run frames over 100 ms: ${long.map(Math.round)} (all: ${intervals.map(Math.round)})`);
  });

  // The renderer clears and redraws only the rectangles a frame changed; the canvas keeps the
  // rest. After changes of many kinds, the canvas must hold exactly what a full redraw draws.
  await run('drawing only what changed leaves the pixels a full redraw draws', async () => {
    await open('#sort=price_per_gpu&v=1');
    await page.evaluate(() => window.offerscope.loadSynthetic(100000));
    await until(() => window.offerscope.state().offers === 100000);
    const damageShare = async () => {
      const m = await page.evaluate(() => window.offerscope.uiMetrics());
      const [x0, y0, x1, y1] = m.lastDraw.damageCss;
      return ((x1 - x0) * (y1 - y0)) / (m.displayCss[0] * m.displayCss[1]);
    };
    // Screenshot, redraw everything, screenshot again. The status line's clock ticks each
    // second, so a difference is looked at up to three times before it counts.
    const sameAsFullRedraw = async (what) => {
      await frames(3);  // what was just done reached the app (a selection restarts the chart's redraw)
      await chartCurrent();
      await frames(3);
      for (let attempt = 0; attempt < 3; ++attempt) {
        const partial = await page.screenshot();
        await page.evaluate(() => window.offerscope.redrawAll());
        await frames(2);
        const full = await page.screenshot();
        if (partial.equals(full)) return;
        writeFileSync(shot(`explorer-partial-redraw-${what}.png`), partial);
        writeFileSync(shot(`explorer-full-redraw-${what}.png`), full);
      }
      expect(false, `after ${what}, the partially redrawn canvas differs from a full redraw (explorer-*-redraw-${what}.png)`);
    };
    // Away from the rows, so no tooltip (a new window) makes every frame a full redraw.
    await page.mouse.click(1200, 880);
    await sameAsFullRedraw('loading');
    await page.mouse.move(700, 300);
    const shares = [];
    for (let i = 0; i < 6; ++i) {
      await page.mouse.wheel(0, i === 4 ? -240 : 120);
      await frames(2);
      shares.push(await damageShare());
    }
    expect(shares.some((x) => x < 0.6), `every scroll frame redrew most of the canvas: ${shares.map((x) => x.toFixed(2))}`);
    await page.mouse.move(1200, 880);
    await sameAsFullRedraw('scrolling');
    // A row's tooltip appearing and going away is a window more or less: it redraws where
    // the tooltip is or was (and the row it is over), not the whole canvas.
    await page.evaluate(() => window.offerscope.describeFrames(true));  // frameLog()'s causes
    await page.mouse.move(700, 300);
    await frames(2);
    const appeared = await page.evaluate(() => window.offerscope.frameLog().find((r) => r.cause.includes('+##Tooltip')));
    expect(appeared && appeared.damageShare < 0.3, `a tooltip appearing redrew ${appeared && appeared.damageShare} of the canvas (${appeared && appeared.cause})`);
    await sameAsFullRedraw('tooltip');
    await page.evaluate(() => window.offerscope.resetFrameTimes());
    await page.mouse.move(1200, 880);
    await frames(2);
    const went = await page.evaluate(() => window.offerscope.frameLog().find((r) => r.cause.includes('-##Tooltip')));
    expect(went && went.damageShare < 0.3, `a tooltip going away redrew ${went && went.damageShare} of the canvas (${went && went.cause})`);
    await sameAsFullRedraw('tooltip-gone');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await sameAsFullRedraw('selecting');
    await page.mouse.click(500, 58);
    await page.keyboard.type('gpu_co', { delay: 30 });
    await page.evaluate(() => window.offerscope.resetFrameTimes());
    await page.keyboard.type('unt>=2', { delay: 30 });
    await until(() => window.offerscope.state().view.query === 'gpu_count>=2');
    // The query text at the top and the rows lower down changed in one frame: redrawn as
    // separate rectangles, less than their bounding box (most of the canvas).
    await frames(2);
    const firstPass = await page.evaluate(() => {
      const r = window.offerscope.frameLog().find((f) => f.rowsChanged);
      const [x0, y0, x1, y1] = r.damageCss, [w, h] = window.offerscope.uiMetrics().displayCss;
      return { ...r, boundsShare: ((x1 - x0) * (y1 - y0)) / (w * h) };
    });
    expect(firstPass.damageRects > 1 && firstPass.damageShare < 0.9 * firstPass.boundsShare,
      `the new query's first frame redrew ${firstPass.damageShare} of the canvas, its bounding box ${firstPass.boundsShare} (${firstPass.cause})`);
    await page.mouse.click(1200, 880);  // the query box loses its caret
    await sameAsFullRedraw('typing');
  });

  // A high-DPI screen with a larger UI: the font atlas is rasterised at CSS size x UI scale x
  // DPR, layout is in CSS px, the mouse arrives in backing-store px. A click anywhere on a
  // row, up to half a pixel from its edges, must select that row.
  await run('at device pixel ratio 2 and UI scale 1.5, text is sized for both and a click selects the row under it', async () => {
    const hi = await launchBrowser({ deviceScaleFactor: 2, width: 1280, height: 800 });
    try {
      const p = hi.page;
      await p.goto(server.url);
      await p.evaluate(() => localStorage.setItem('offerscope.scale', '1.52'));  // stored off-step: snaps to 1.5
      await p.goto('about:blank');
      await p.goto(server.url + '#v=1');
      await p.evaluate(() => window.offerscope.ready());
      await p.waitForTimeout(500);
      const m = await p.evaluate(() => window.offerscope.uiMetrics());
      expect(m.uiScale === 1.5 && m.dpr === 2, `scale ${m.uiScale}, dpr ${m.dpr}`);
      expect(m.fontAtlasPx === 15 * 1.5 * 2 && m.fontCssPx === 15 * 1.5, `font ${m.fontAtlasPx} px in the atlas, ${m.fontCssPx} CSS px`);
      expect(m.atlasBuilds === 1, `atlas rasterised ${m.atlasBuilds} times`);
      expect(m.cellPaddingCss[1] === Math.floor(3 * 1.5) && m.framePaddingCss[1] === Math.floor(3 * 1.5),
        `style not scaled: ${JSON.stringify(m)}`);
      // The status line is wider than 1280 px at this scale: it wraps instead of running off.
      expect(m.statusBarRightCss > 0 && m.statusBarRightCss <= m.displayCss[0],
        `status line ends at ${m.statusBarRightCss} px in a ${m.displayCss[0]} px window`);
      const canvas = await p.evaluate(() => { const c = document.getElementById('canvas'); return [c.width, c.height, c.clientWidth, c.clientHeight]; });
      expect(canvas[0] === 2 * canvas[2] && canvas[1] === 2 * canvas[3], `canvas ${canvas}`);
      const rows = [2, 3, 4, 5];
      const rects = await p.evaluate((r) => r.map((i) => window.offerscope.tableRowRect(i)), rows);
      for (const r of rects) {
        expect(r && r.y1 - r.y0 >= m.fontCssPx && r.y1 - r.y0 <= m.fontCssPx + 2 * m.cellPaddingCss[1] + 1,
          `row rect ${JSON.stringify(r)} for a ${m.fontCssPx} px font`);
      }
      // Top edge, middle, bottom edge of each row, alternating rows so every click changes the selection.
      for (const where of [(r) => r.y0 + 0.5, (r) => (r.y0 + r.y1) / 2, (r) => r.y1 - 0.5]) {
        for (let k = 0; k < rows.length; ++k) {
          const r = rects[k], y = where(r);
          await p.mouse.click(r.x0 + 40, y);  // inside the first column, clear of its resize border
          const ok = await p.waitForFunction((i) => window.offerscope.state().selected === i, rows[k], { timeout: 5000 })
            .then(() => true, () => false);
          const sel = await p.evaluate(() => window.offerscope.state().selected);
          expect(ok, `click at y=${y} (row ${rows[k]}: ${r.y0}..${r.y1}) selected row ${sel}`);
        }
      }
      await p.screenshot({ path: shot('explorer-dpr2-scale1.5.png') });
      errors.push(...hi.errors);
    } finally {
      await hi.browser.close();
    }
  });

  // The failing-provider case makes the browser log its deliberate 502s; nothing else may appear.
  await run('no console errors', async () => {
    const unexpected = errors.filter((e) => !/status of 502/.test(e));
    expect(unexpected.length === 0, unexpected.join('\n'));
  });
} finally {
  await browser.close();
  await server.stop();
}
