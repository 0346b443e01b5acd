// Shared helpers for the browser tests: start `offerscope serve` on a free port (it prints
// its URL in its "listening" log line), open the app, collect console errors.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
export { launchBrowser } from './browser.mjs';

export const outDir = process.env.OFFERSCOPE_E2E_OUT || 'build/e2e';
mkdirSync(outDir, { recursive: true });
export const shot = (name) => join(outDir, name);

export function startServer(extraArgs = [], env = {}) {
  const bin = process.env.OFFERSCOPE_BIN || 'build/release/bin/offerscope';
  const site = process.env.OFFERSCOPE_SITE || 'build/wasm/site';
  const child = spawn(bin, ['serve', '--port', '0', '--static-dir', site, ...extraArgs], {
    env: { ...process.env, VAST_API_KEY: '', PRIME_API_KEY: '', DISPERSED_API_KEY: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start:\n' + log)), 20000);
    const onData = (d) => {
      log += d;
      const m = log.match(/https?:\/\/[0-9.]+:(\d+)/);
      if (m && /listening/.test(log)) {
        clearTimeout(timer);
        resolve({ url: `http://127.0.0.1:${m[1]}/`, child, log: () => log,
          stop: () => new Promise((r) => { child.once('exit', r); child.kill('SIGTERM'); }) });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${log}`)));
  });
}

// Runs `body` and reports failures with a non-zero exit code for ctest.
export async function run(name, body) {
  try {
    await body();
    console.log(`PASS ${name}`);
  } catch (e) {
    console.error(`FAIL ${name}: ${e.stack || e}`);
    process.exitCode = 1;
  }
}

export function expect(cond, message) {
  if (!cond) throw new Error(message);
}
