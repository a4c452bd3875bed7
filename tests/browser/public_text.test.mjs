// An automatic incident as a customer sees it, in headless Chromium: Pharos monitors a loopback
// port nobody listens on (a stopped target); the public page and the incident page name the
// component and the problem, never the address, the port, the monitor or the probe's error; the
// components added minutes ago show their past days as "no data".
// Screenshots of both land in OUTPUT_DIR. Usage: node public_text.test.mjs PHAROS_BINARY OUTPUT_DIR
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { browserTest } from './harness.mjs';

const t = browserTest('public_text.test.mjs', { scratch: 'pharos-public-text-', timeoutSeconds: 120 });
const { outDir, work, check } = t;

// A loopback port that was free a moment ago.
function closedPort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

await t.run(async () => {
  const dead = await closedPort();
  writeFileSync(join(work, 'pharos.yaml'), `page: { name: Acme, url: "https://status.acme.example" }
components:
  - { id: api, name: Public API }
  - { id: web, name: Website }
monitors:
  - { name: api-health, component: api, kind: http, url: "http://127.0.0.1:${dead}/healthz", interval: 1s, timeout: 2s, fall: 1 }
`);
  const { base } = await t.startWithConfig();
  const context = await t.launchChromium();
  const page = context.pages()[0] ?? await context.newPage();
  let shown = false;
  for (let i = 0; i < 80 && !shown; i++) {
    await page.goto(`${base}/`, { waitUntil: 'load', timeout: 20_000 });
    shown = (await page.content()).includes('Major outage of Public API');
    if (!shown) await page.waitForTimeout(250);
  }
  check(shown, 'the automatic incident shows on the public page');
  await t.screenshot(page, 'automatic-incident-page.png');
  // Both transports' words: this monitor is on the plain-HTTP path now; libcurl's are kept.
  const secrets = ['127.0.0.1', `:${dead}`, `port ${dead}`, 'api-health', 'Failed to connect',
                   "Couldn't connect", 'cannot connect', 'connection refused'];
  const front = await page.innerText('body');
  check(front.includes('We are investigating a major outage of Public API.'),
        'the page says what customers need to know');
  for (const s of secrets) check(!front.includes(s), `the page does not show "${s}"`);
  // Both components were added minutes ago: the 89 days before are "no data", not 89 green days,
  // and the API's bar, which has an outage today, never reads 100.00%.
  const website = page.locator('li.component', { hasText: 'Website' }).locator('.bar');
  const noData = await website.locator('.d.s-nodata').count();
  check(noData === 89, `a component added today shows 89 "no data" days (${noData})`);
  const firstDay = await website.locator('.d').first().getAttribute('title');
  check(/: no data$/.test(firstDay ?? ''), `a day before it existed says so (${firstDay})`);
  const apiBar = await page.locator('li.component', { hasText: 'Public API' }).locator('.bar').getAttribute('aria-label');
  check(!!apiBar && !apiBar.includes('100.00%'), `an outage today is not 100.00% (${apiBar})`);
  await t.screenshot(website, 'no-data-days.png');
  const link = await page.$('a[href^="/incidents/"]');
  check(!!link, 'the incident links to its page');
  if (link) {
    await link.click();
    await page.waitForLoadState('load');
    const text = await page.innerText('body');
    await t.screenshot(page, 'automatic-incident.png');
    check(text.includes('Public API'), 'the incident page names the component');
    for (const s of secrets) check(!text.includes(s), `the incident page does not show "${s}"`);
  }
});
