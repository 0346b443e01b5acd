// The walking skeleton: the served page loads the WebAssembly app, draws its first frame on
// a WebGL2 canvas that fills the window, follows resizes and the device pixel ratio, and
// logs no console error.
import { startServer, launchBrowser, run, expect, shot } from './harness.mjs';

const server = await startServer(['--demo']);
try {
  for (const dpr of [1, 2]) {
    await run(`first frame at DPR ${dpr}`, async () => {
      const { browser, page, errors } = await launchBrowser({ deviceScaleFactor: dpr, width: 1100, height: 700 });
      try {
        const resp = await page.goto(server.url);
        expect(resp.ok(), `page status ${resp.status()}`);
        await page.waitForFunction(() => window.__offerscopeFirstFrameMs !== undefined, null, { timeout: 30000 });
        const size = await page.evaluate(() => {
          const c = document.getElementById('canvas');
          return { w: c.width, h: c.height, cssW: c.clientWidth, cssH: c.clientHeight,
            gl2: !!c.getContext('webgl2') };
        });
        expect(size.cssW === 1100 && size.cssH === 700, `canvas CSS size ${size.cssW}x${size.cssH}`);
        expect(size.w === 1100 * dpr && size.h === 700 * dpr, `backing store ${size.w}x${size.h} at DPR ${dpr}`);
        await page.screenshot({ path: shot(`skeleton-dpr${dpr}.png`) });
        await page.setViewportSize({ width: 800, height: 500 });
        await page.waitForFunction((d) => document.getElementById('canvas').width === 800 * d, dpr, { timeout: 5000 });
        expect(errors.length === 0, 'console errors: ' + errors.join('\n'));
      } finally { await browser.close(); }
    });
  }
  await run('wasm served with its content type and compressed', async () => {
    const r = await fetch(server.url + 'offerscope.wasm', { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect(r.status === 200, `status ${r.status}`);
    expect(r.headers.get('content-type') === 'application/wasm', `content-type ${r.headers.get('content-type')}`);
    const enc = r.headers.get('content-encoding');
    expect(enc === 'br' || enc === 'gzip', `content-encoding ${enc}`);
  });
} finally {
  await server.stop();
}
