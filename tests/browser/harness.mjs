// What every browser test shares: the real `pharos --demo serve` on an ephemeral loopback port,
// and Debian's Chromium (/usr/bin/chromium) driven by playwright-core.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

// Starts `pharos ARGS` in `cwd`. `ready` resolves with { base, stdout } once it prints
// "listening on http://127.0.0.1:PORT" (anything it printed before, such as the one-time admin
// setup address, is in `stdout`), and rejects if the process exits first.
function startPharos(binary, cwd, args) {
  const server = spawn(binary, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  const ready = new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)\n/);
      if (m) resolve({ base: m[1], stdout: out });
    });
    server.on('exit', (code) => reject(new Error(`pharos exited early with ${code}`)));
  });
  return { server, ready };
}

// The demo (`pharos --demo serve`) in `cwd`, on an ephemeral loopback port.
export function startDemo(binary, cwd) {
  return startPharos(binary, cwd,
                     ['--demo', '--log-level', 'warn', 'serve', '--listen', '127.0.0.1:0']);
}

// `pharos --config pharos.yaml --data data serve` in `cwd` (which holds that pharos.yaml).
export function startWithConfig(binary, cwd) {
  return startPharos(binary, cwd, ['--config', 'pharos.yaml', '--data', 'data', '--log-level',
                                   'warn', 'serve', '--listen', '127.0.0.1:0']);
}

// A headless Chromium with its profile in `userDataDir`, a desktop-sized viewport.
export function launchChromium(userDataDir) {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--no-first-run'],
    viewport: { width: 1200, height: 900 },
  });
}

// The errors `page` reports from now on, collected into the returned array (a test empties it
// with `errors.length = 0`): console errors, uncaught exceptions and failed requests.
export function collectErrors(page) {
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('requestfailed', (req) => errors.push(`request failed: ${req.url()}`));
  return errors;
}

// The frame of every browser test: `node SCRIPT PHAROS_BINARY OUTPUT_DIR`, a scratch directory
// named `scratch…`, check() that prints "ok"/"FAIL" per check, and a watchdog. `run(body)` runs
// the test; when it ends, throws or outlives `timeoutSeconds`, whatever was started through the
// frame (the server, Chromium, anything given to atEnd) is stopped, newest first, the scratch
// directory removed, and the process exits 0 only if every check passed.
export function browserTest(script, { scratch, timeoutSeconds }) {
  const [binary, outDir] = process.argv.slice(2);
  if (!binary || !outDir) {
    console.error(`usage: node ${script} PHAROS_BINARY OUTPUT_DIR`);
    process.exit(2);
  }
  mkdirSync(outDir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), scratch));
  const failures = [];
  const closers = [];
  let watchdog;

  async function finish(code) {
    clearTimeout(watchdog);
    for (const close of closers.reverse()) {
      try { await close(); } catch {}
    }
    rmSync(work, { recursive: true, force: true });
    process.exit(code);
  }
  const serve = (started) => {
    closers.push(() => { if (started.server.exitCode === null) started.server.kill('SIGTERM'); });
    return started.ready;
  };

  return {
    binary, outDir, work,
    check(ok, what) {
      if (!ok) failures.push(what);
      console.log(`${ok ? 'ok' : 'FAIL'} - ${what}`);
    },
    atEnd(close) { closers.push(close); },
    // A screenshot into outDir, for people reviewing a run; it is not a check. Headless Chromium
    // has been seen to stall a full-page capture for 30 s on a loaded machine (CI, 2026-12-06),
    // which failed a run whose checks had all passed: the page is brought to the front first, the
    // capture is given 15 s, and a capture that fails is said and skipped.
    // `target` is a page (captured whole) or a locator (that element).
    async screenshot(target, file) {
      const isPage = typeof target.bringToFront === 'function';
      try {
        if (isPage) await target.bringToFront();
        await target.screenshot({ path: join(outDir, file), timeout: 15000, ...(isPage ? { fullPage: true } : {}) });
      } catch (err) {
        console.log(`# screenshot ${file} not taken: ${String(err.message ?? err).split('\n')[0]}`);
      }
    },
    // startDemo / startWithConfig / launchChromium above, stopped when the test ends.
    startDemo: () => serve(startDemo(binary, work)),
    startWithConfig: () => serve(startWithConfig(binary, work)),
    async launchChromium() {
      const context = await launchChromium(join(work, 'user-data'));
      closers.push(() => context.close());
      return context;
    },
    async run(body) {
      watchdog = setTimeout(() => {
        console.error(`FAIL - timed out after ${timeoutSeconds} s`);
        finish(1);
      }, timeoutSeconds * 1000);
      try {
        await body();
        console.log(`${failures.length === 0 ? 'PASS' : 'FAIL'}: ${failures.length} failed`);
        await finish(failures.length === 0 ? 0 : 1);
      } catch (err) {
        console.error(`FAIL - ${err.stack ?? err}`);
        await finish(1);
      }
    },
  };
}
