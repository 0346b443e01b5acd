// Starts Debian's /usr/bin/chromium headless through playwright-core (never a downloaded
// browser), with the flags this machine needs (see shared/docs/TOOLCHAIN.md).
import { chromium } from 'playwright-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function launchBrowser({ deviceScaleFactor = 1, width = 1280, height = 800 } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'offerscope-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width, height },
    deviceScaleFactor,
    acceptDownloads: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-gl=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'],
  });
  const page = context.pages()[0] || await context.newPage();
  const errors = [];
  // An AddressSanitizer build of the app (preset wasm-asan) reports on console.warn: a report
  // is an error whether or not the page then aborts.
  page.on('console', (m) => { if (m.type() === 'error' || /AddressSanitizer/.test(m.text())) errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  // E2E_CONSOLE=1 prints the page's warnings too (an AddressSanitizer build of the app reports there).
  if (process.env.E2E_CONSOLE) page.on('console', (m) => { if (m.type() !== 'log' && !/GL Driver/.test(m.text())) console.log('[console]', m.type(), m.text().slice(0, 600)); });
  return { browser: context, page, errors };
}
