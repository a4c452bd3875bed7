// A branded page in headless Chromium (logo, colours, header link, footer, German texts), then
// the widget on a customer's page served by a second loopback server: the script draws the
// page's state from /api/v2/status.json (cross-origin, through its CORS header), the iframe view
// shows the same, and after a component goes down a reload shows the new state.
// Usage: node brand_widgets.test.mjs PHAROS_BINARY OUTPUT_DIR
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { browserTest, collectErrors } from './harness.mjs';

const t = browserTest('brand_widgets.test.mjs', { scratch: 'pharos-brand-', timeoutSeconds: 150 });
const { binary, outDir, work, check } = t;

writeFileSync(join(work, 'logo.svg'),
              '<svg xmlns="http://www.w3.org/2000/svg" width="160" height="40" viewBox="0 0 160 40">' +
              '<rect width="160" height="40" rx="6" fill="#5b2a86"/>' +
              '<text x="80" y="26" font-size="18" text-anchor="middle" fill="#fff">ACME</text></svg>');
writeFileSync(join(work, 'brand.css'), '.banner { border-radius: 2px; }\n');
writeFileSync(join(work, 'pharos.yaml'), `page:
  name: Acme
  url: "https://status.acme.example"
  brand:
    logo: logo.svg
    logo_alt: Acme Logo
    css: brand.css
    colors: { accent: "#5b2a86", header_background: "#f3ecfa", operational: "#117733", major: "#aa0011" }
    links:
      - { label: Hilfe, url: "https://support.acme.example/" }
    footer: "Acme GmbH · Musterstraße 1 · <keine Tags>"
    language: de
    strings:
      all_operational: "Alle Systeme betriebsbereit"
      major_system_outage: "Schwere Störung"
      partial_system_outage: "Teilweise Störung"
      components: Komponenten
      past_incidents: Vergangene Vorfälle
components:
  - { id: api, name: API }
  - { id: web, name: Website }
`);

const rgb = (hex) => {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${n >> 16}, ${(n >> 8) & 255}, ${n & 255})`;
};

await t.run(async () => {
  const { base } = await t.startWithConfig();
  const context = await t.launchChromium();
  const page = context.pages()[0] ?? await context.newPage();
  const errors = collectErrors(page);

  // The branded page.
  check((await page.goto(`${base}/`, { waitUntil: 'load' })).status() === 200, '/ answers 200');
  check(await page.evaluate(() => document.documentElement.lang) === 'de', 'html lang is de');
  const logo = page.locator('header img.brand-logo');
  check(await logo.count() === 1, 'logo in the header');
  check((await logo.getAttribute('src')).startsWith('/static/brand/logo-'), 'logo from the hashed route');
  check(await logo.getAttribute('alt') === 'Acme Logo', 'logo alt text');
  check(await logo.evaluate((img) => img.complete && img.naturalWidth === 160), 'logo loaded (160 px wide)');
  check((await page.locator('.banner h1').innerText()) === 'Alle Systeme betriebsbereit', 'banner text overridden');
  check((await page.locator('#components-h').innerText()) === 'Komponenten', 'heading overridden');
  check((await page.locator('#past-h').innerText()) === 'Vergangene Vorfälle', 'second heading overridden');
  check((await page.locator('.brand-footer').innerText()) === 'Acme GmbH · Musterstraße 1 · <keine Tags>',
        'footer text shown as text');
  const help = page.locator('header nav a.brand-link');
  check((await help.innerText()) === 'Hilfe' && (await help.getAttribute('href')) === 'https://support.acme.example/',
        'header link');
  const styles = await page.evaluate(() => ({
    header: getComputedStyle(document.querySelector('.site-header')).backgroundColor,
    link: getComputedStyle(document.querySelector('.site-footer a')).color,
    banner: getComputedStyle(document.querySelector('.banner')).backgroundColor,
    radius: getComputedStyle(document.querySelector('.banner')).borderTopLeftRadius,
  }));
  check(styles.header === rgb('#f3ecfa'), `header background from the brand (${styles.header})`);
  check(styles.link === rgb('#5b2a86'), `links in the accent colour (${styles.link})`);
  check(styles.banner === rgb('#117733'), `banner in the brand's operational colour (${styles.banner})`);
  check(styles.radius === '2px', `custom stylesheet applied after the built-in one (${styles.radius})`);
  await t.screenshot(page, 'branded.png');
  check(errors.length === 0, `no console errors on the branded page (${errors.join('; ')})`);

  // A customer's site on another loopback origin embeds the script and the iframe.
  const shop = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><title>Shop</title></head><body>
<h1>Acme Shop</h1><p>Service status: <span id="here" data-pharos-status></span></p>
<script src="${base}/widget.js" async></script>
<iframe id="frame" title="Status" src="${base}/widget" width="360" height="48" style="border:0"></iframe>
</body></html>`);
  });
  await new Promise((resolve) => shop.listen(0, '127.0.0.1', resolve));
  t.atEnd(() => new Promise((resolve) => shop.close(resolve)));
  // "localhost" rather than 127.0.0.1: a different origin from the status page's.
  const shopUrl = `http://localhost:${shop.address().port}/`;

  errors.length = 0;
  await page.goto(shopUrl, { waitUntil: 'load' });
  check(await page.evaluate(() => location.origin) !== new URL(base).origin, 'the shop is another origin');
  const text = page.locator('#here .pharos-status-text');
  await page.waitForFunction(() => document.querySelector('#here .pharos-status-text')?.textContent ===
                             'Alle Systeme betriebsbereit', null, { timeout: 10_000 }).catch(() => {});
  check((await text.innerText()) === 'Alle Systeme betriebsbereit', 'widget shows the page state in its language');
  const dot = await page.locator('#here .pharos-status-dot').evaluate((d) => getComputedStyle(d).backgroundColor);
  check(dot === rgb('#117733'), `widget dot in the operational colour (${dot})`);
  check(await page.locator('#here a.pharos-status').getAttribute('href') === 'https://status.acme.example/',
        'widget links to the status page');
  const framed = page.frameLocator('#frame').locator('.pharos-status-text');
  check((await framed.innerText()) === 'Alle Systeme betriebsbereit', 'iframe widget shows the state');
  await t.screenshot(page, 'widget-operational.png');
  check(errors.length === 0, `no console errors on the shop page (${errors.join('; ')})`);

  // Both components down: a reload shows the new state.
  for (const id of ['api', 'web']) {
    execFileSync(binary, ['--config', 'pharos.yaml', '--data', 'data', 'component', 'set-status', id, 'major_outage'],
                 { cwd: work, stdio: 'ignore' });
  }
  let status = '';
  for (let i = 0; i < 40 && status !== 'critical'; ++i) {
    await new Promise((r) => setTimeout(r, 250));
    status = await page.evaluate(async (b) => (await (await fetch(`${b}/api/v2/status.json`)).json()).status.indicator, base);
  }
  check(status === 'critical', `status.json readable cross-origin and critical (${status})`);
  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelector('#here .pharos-status-text')?.textContent ===
                             'Schwere Störung', null, { timeout: 10_000 }).catch(() => {});
  check((await text.innerText()) === 'Schwere Störung', 'widget shows the outage');
  const down = await page.locator('#here .pharos-status-dot').evaluate((d) => getComputedStyle(d).backgroundColor);
  check(down === rgb('#aa0011'), `widget dot in the brand's major colour (${down})`);
  check((await page.frameLocator('#frame').locator('.pharos-status-text').innerText()) === 'Schwere Störung',
        'iframe widget shows the outage');
  await t.screenshot(page, 'widget-outage.png');
  check(errors.length === 0, `no console errors after the change (${errors.join('; ')})`);
});
