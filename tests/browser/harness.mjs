// What every browser test shares: the real `pharos --demo serve` on an ephemeral loopback port,
// and Debian's Chromium (/usr/bin/chromium) driven by playwright-core.
import { spawn } from 'node:child_process';
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

