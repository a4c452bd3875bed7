// Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) loads the demo's
// status page and an incident page: both must render without console errors, be usable on a
// phone-sized screen, and leave screenshots in the output directory.
// Usage: node status_page.test.mjs PHAROS_BINARY OUTPUT_DIR
import { join } from 'node:path';
import { browserTest, collectErrors } from './harness.mjs';

const t = browserTest('status_page.test.mjs', { scratch: 'pharos-browser-', timeoutSeconds: 120 });
const { outDir, check } = t;

async function visit(page, url, errors) {
  errors.length = 0;
  const response = await page.goto(url, { waitUntil: 'load', timeout: 20_000 });
  return response.status();
}

await t.run(async () => {
  const { base } = await t.startDemo();
  const context = await t.launchChromium();
  const page = context.pages()[0] ?? await context.newPage();
  const errors = collectErrors(page);

  check(await visit(page, `${base}/`, errors) === 200, '/ answers 200');
  check((await page.title()) === 'Acme Status', 'title is "Acme Status"');
  check(await page.locator('.banner h1').count() === 1, 'one status banner');
  const bars = await page.locator('.bar').count();
  check(bars >= 5, `uptime bars present (${bars})`);
  check(await page.locator('.bar').first().locator('.d').count() === 90, '90 day cells per bar');
  check(await page.locator('#active-h').count() === 1, 'active incident section shown');
  const cssOk = await page.evaluate(() => getComputedStyle(document.querySelector('.banner')).borderRadius !== '0px');
  check(cssOk, 'stylesheet applied');
  await t.screenshot(page, 'index.png');
  check(errors.length === 0, `no console errors on / (${errors.join('; ')})`);

  const href = await page.locator('.incident-card h3 a').first().getAttribute('href');
  check(await visit(page, `${base}${href}`, errors) === 200, `${href} answers 200`);
  check(await page.locator('.timeline li').count() >= 1, 'incident timeline has updates');
  check((await page.locator('.summary').innerText()).includes('Acme is experiencing'),
        'incident sentence present');
  await t.screenshot(page, 'incident.png');
  check(errors.length === 0, `no console errors on the incident page (${errors.join('; ')})`);

  const past = await page.evaluate(async (b) => (await (await fetch(`${b}/api/v2/incidents.json`)).json()), base);
  const resolved = past.incidents.find((i) => i.name === 'API down');
  check(!!resolved, 'demo history holds the seed-002-like incident');
  if (resolved) {
    await visit(page, `${base}/incidents/${resolved.id}`, errors);
    await t.screenshot(page, 'incident-resolved.png');
    check(errors.length === 0, 'no console errors on a resolved incident');
  }

  await page.setViewportSize({ width: 375, height: 812 });
  await visit(page, `${base}/`, errors);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `no horizontal scrolling on a phone (overflow ${overflow}px)`);
  await t.screenshot(page, 'index-phone.png');

  console.log(`screenshots in ${outDir}`);
});
