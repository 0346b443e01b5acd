// Loads a page in headless Chromium, waits for the first frame, fails on console errors
// and saves a screenshot. Usage: node screenshot.mjs URL OUT.png
import { launchBrowser } from './browser.mjs';
const [url, out] = process.argv.slice(2);
const { browser, page, errors } = await launchBrowser();
try {
  await page.goto(url);
  await page.waitForFunction(() => window.__offerscopeFirstFrameMs !== undefined, null, { timeout: 30000 });
  await page.waitForTimeout(300);
  await page.screenshot({ path: out });
  if (errors.length) { console.error('console errors:\n' + errors.join('\n')); process.exitCode = 1; }
  else console.log(`first frame at ${await page.evaluate(() => window.__offerscopeFirstFrameMs)} ms; screenshot ${out}`);
} finally { await browser.close(); }
