// Reports in headless Chromium (Debian's /usr/bin/chromium via playwright-core) against the real
// `pharos --demo serve`: the public /uptime page (a calendar per component, 30/90/365-day figures,
// no script, usable on a phone) and the admin Reports page (tables and inline SVG charts, a
// window chosen with the form) and its printable monthly report (print CSS; saved as a PDF).
// Screenshots and the PDF land in OUTPUT_DIR.
// Usage: node reports.test.mjs PHAROS_BINARY OUTPUT_DIR
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { browserTest } from './harness.mjs';

const t = browserTest('reports.test.mjs', { scratch: 'pharos-reports-browser-', timeoutSeconds: 180 });
const { outDir, check } = t;
const PASSWORD = 'correct horse battery staple';

await t.run(async () => {
  const { base, stdout } = await t.startDemo();
  const setup = (stdout.match(/(http:\/\/\S+\/admin\/setup\?token=\S+)\n/) ?? [])[1] ?? null;
  const context = await t.launchChromium();
  const page = context.pages()[0] ?? await context.newPage();
  const errors = [];
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`);
  });
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));

  // The public /uptime page.
  const response = await page.goto(`${base}/uptime`, { waitUntil: 'load', timeout: 20_000 });
  check(response.status() === 200, '/uptime answers 200');
  check((await page.title()) === 'Acme Uptime', 'title is "Acme Uptime"');
  check(await page.locator('script').count() === 0, 'no script on /uptime');
  const components = await page.locator('details.uc').count();
  check(components === 7, `one section per demo component (${components})`);
  check(await page.locator('details.uc[open]').count() === 1, 'the first component is open');
  check(await page.locator('details.uc').first().locator('figure.month').count() === 3,
        'three months of calendar');
  const figures = await page.locator('details.uc').first().locator('.figs').innerText();
  check(/30 days .*90 days .*365 days /.test(figures), `30/90/365-day figures (${figures})`);
  const red = await page.locator('details.uc').first().locator('.cal .d.s-major, .cal .d.s-partial').count();
  check(red >= 1, `the API's outages colour their days (${red})`);
  const titled = red === 0 ? null : await page.locator('details.uc').first()
    .locator('.cal .d.s-major, .cal .d.s-partial').first().getAttribute('title');
  check(titled !== null && /uptime; .*(major|partial) outage/.test(titled), `a red day says why (${titled})`);
  // The database's only monitor (a heartbeat) began with this run: its past is no data, not up.
  const db = page.locator('details.uc', { hasText: 'Database' });
  await db.locator('summary').click();
  const noData = await db.locator('.cal .d.s-nodata').count();
  check(noData >= 20, `days before monitoring began are "no data" (${noData})`);
  check(await page.locator('header nav a[href="/uptime"]').count() === 1, 'the header links /uptime');
  await t.screenshot(page, 'uptime.png');
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  check(!overflow, 'no horizontal scrolling on a phone');
  await t.screenshot(page, 'uptime-phone.png');
  await page.setViewportSize({ width: 1200, height: 900 });
  check(errors.length === 0, `no errors on /uptime (${errors.join('; ')})`);

  // The admin Reports page.
  check(!!setup, 'the one-time setup address is printed');
  await page.goto(setup, { waitUntil: 'load' });
  await page.fill('#f-name', 'ada');
  await page.fill('#f-password', PASSWORD);
  await page.fill('#f-confirm', PASSWORD);
  await Promise.all([page.waitForURL(`${base}/admin`), page.click('button[type=submit]')]);
  await page.click('nav.admin-nav a[href="/admin/reports"]');
  await page.waitForURL(`${base}/admin/reports`);
  check(await page.locator('h1', { hasText: 'Reports' }).count() === 1, 'the Reports page opens from the nav');
  check(await page.locator('table.report').first().locator('tbody tr').count() === 7,
        'a row per component');
  const charts = await page.locator('svg.series-chart').count();
  check(charts >= 3, `uptime per day, incidents per week and MTTR charts (${charts})`);
  check(await page.locator('svg.series-chart title', { hasText: 'Uptime per day' }).count() === 1,
        'the uptime chart names itself for screen readers');
  await t.screenshot(page, 'admin-reports.png');
  await page.selectOption('form.report-window select[name=window]', '90d');
  await Promise.all([page.waitForURL(/window=90d/), page.click('form.report-window button')]);
  check((await page.content()).includes('90d:'), 'the chosen window is shown');
  const apiRow = await page.locator('table.report').first().locator('tr', { hasText: 'API' }).first().innerText();
  check(/\d+\.\d{3}%/.test(apiRow), `the API's uptime over 90 days (${apiRow.replace(/\s+/g, ' ')})`);

  // The printable monthly report.
  await page.goto(`${base}/admin/reports/monthly`, { waitUntil: 'load' });
  check((await page.locator('h1').innerText()).includes('reliability report'), 'the monthly report opens');
  await page.emulateMedia({ media: 'print' });
  const navHidden = await page.evaluate(() => getComputedStyle(document.querySelector('header.top')).display === 'none');
  check(navHidden, 'print hides the admin navigation');
  await t.screenshot(page, 'admin-monthly-print.png');
  const pdf = join(outDir, 'monthly-report.pdf');
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  check(statSync(pdf).size > 5000, 'the monthly report saves as a PDF');
  await page.emulateMedia({ media: 'screen' });
  check(errors.length === 0, `no errors in the admin (${errors.join('; ')})`);

  console.log(`screenshots in ${outDir}`);
});
