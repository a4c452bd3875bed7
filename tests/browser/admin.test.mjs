// The admin UI in headless Chromium (Debian's /usr/bin/chromium via playwright-core), end to end
// against the real `pharos --demo serve`: create the first admin from the one-time setup address,
// log out and in, open an incident on two components (with the JavaScript preview), post an
// update (one with a bullet list, which must stay inside its timeline step), resolve, write and
// publish a post-mortem — and see every step on the public page; a maintenance window in the
// past is refused with its field error. Then a
// page served from another origin (127.0.0.2) posts a forged form to /admin: it must be refused
// and change nothing. Screenshots of the dashboard and the composer land in OUTPUT_DIR.
// Usage: node admin.test.mjs PHAROS_BINARY OUTPUT_DIR
import { createServer } from 'node:http';
import { join } from 'node:path';
import { browserTest } from './harness.mjs';

const t = browserTest('admin.test.mjs', { scratch: 'pharos-admin-browser-', timeoutSeconds: 180 });
const { outDir, check } = t;
const PASSWORD = 'correct horse battery staple';

// Another origin: a page whose script posts a forged incident to the admin as soon as it loads.
function startAttacker(base) {
  return new Promise((resolve) => {
    const attacker = createServer((req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(`<!doctype html><title>forged</title>
<form id="f" method="post" action="${base}/admin/incidents/new">
<input name="csrf" value="guessed"><input name="name" value="Forged outage">
<input name="status" value="investigating"><input name="component.api" value="major_outage">
</form><script>document.getElementById('f').submit();</script>`);
    });
    t.atEnd(() => attacker.close());
    attacker.listen(0, '127.0.0.2', () => resolve(`http://127.0.0.2:${attacker.address().port}`));
  });
}

// Reloads `url` until `text` shows (the public site re-renders within ~250 ms of a change).
async function publicShows(page, url, text) {
  for (let i = 0; i < 40; i++) {
    await page.goto(url, { waitUntil: 'load', timeout: 20_000 });
    if ((await page.content()).includes(text)) return true;
    await page.waitForTimeout(250);
  }
  return false;
}

await t.run(async () => {
  const { base, stdout } = await t.startDemo();
  // The setup address is printed before the listening line.
  const setup = (stdout.match(/(http:\/\/\S+\/admin\/setup\?token=\S+)\n/) ?? [])[1] ?? null;
  check(!!setup, 'the one-time setup address is printed on stdout');
  const context = await t.launchChromium();
  const page = context.pages()[0] ?? await context.newPage();
  const errors = [];
  // Failed loads are recorded with their address; the browser's own favicon probe is not ours.
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) errors.push(`${r.status()} ${r.url()}`);
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) errors.push(msg.text());
  });
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('dialog', (dialog) => dialog.accept());  // "Resolve this incident?"
  const publicPage = await context.newPage();

  // First admin, then log out and back in.
  await page.goto(setup, { waitUntil: 'load' });
  await page.fill('#f-name', 'ada');
  await page.fill('#f-password', PASSWORD);
  await page.fill('#f-confirm', PASSWORD);
  await Promise.all([page.waitForURL(`${base}/admin`), page.click('button[type=submit]')]);
  check((await page.locator('.who').innerText()).includes('ada (admin)'), 'setup signs the first admin in');
  await Promise.all([page.waitForURL(/\/admin\/login/), page.click('form.logout button')]);
  await page.fill('#f-name', 'ada');
  await page.fill('#f-password', 'wrong password!');
  await page.click('form.panel button[type=submit]');
  check((await page.locator('.form-errors').innerText()).includes('Wrong user name or password'),
        'a wrong password is refused with the generic message');
  errors.length = 0;  // the refused login above answered 401 on purpose
  await page.fill('#f-password', PASSWORD);
  await Promise.all([page.waitForURL(`${base}/admin`), page.click('form.panel button[type=submit]')]);
  check(await page.locator('h1', { hasText: 'Dashboard' }).count() === 1, 'login lands on the dashboard');
  check(await page.locator('table.components tr').count() >= 3, 'dashboard lists the components');
  check(await page.locator('h2', { hasText: 'Recent checks' }).count() === 1,
        'dashboard has the recent checks section (monitoring runs in the demo)');
  await t.screenshot(page, 'admin-dashboard.png');

  // The composer: two components, a Markdown body previewed by the script, then open.
  await page.goto(`${base}/admin/incidents/new`, { waitUntil: 'load' });
  await page.fill('#f-name', 'Checkout errors');
  await page.selectOption('#f-status', 'investigating');
  await page.selectOption('[id="f-component.api"]', 'major_outage');
  await page.selectOption('[id="f-component.db"]', 'partial_outage');
  await page.fill('#f-body', 'We are **investigating** failed checkouts. <script>alert(1)</script>');
  await page.click('button[name=preview]');
  await page.locator('.preview-target strong').waitFor({ timeout: 5000 });
  check(await page.locator('.preview-target script').count() === 0, 'the preview is sanitised');
  check(page.url().endsWith('/admin/incidents/new'), 'the preview ran in place (JavaScript)');
  await t.screenshot(page, 'admin-composer.png');
  await Promise.all([page.waitForURL(/\/admin\/incidents\/[a-z0-9]+$/),
                     page.click('button[name=action][value=save]')]);
  const id = page.url().split('/').pop();
  check((await page.locator('.flash').innerText()).includes('Incident opened'), 'incident opened');
  const publicUrl = `${base}/incidents/${id}`;
  check(await publicShows(publicPage, publicUrl, 'Checkout errors'), 'public page shows the new incident');
  const affected = await publicPage.content();
  check(affected.includes('API') && affected.includes('Database'), 'public page names both components');

  // An update.
  await page.selectOption('#f-status', 'identified');
  await page.fill('#f-body', 'Found a bad deploy; rolling back.');
  await Promise.all([page.waitForURL(publicUrl.replace(base, `${base}/admin`)),
                     page.click('button[name=action][value=save]')]);
  check(await publicShows(publicPage, publicUrl, 'Found a bad deploy; rolling back.'),
        'public page shows the update');

  // An update with a bullet list: the list stays inside its one timeline step (issue 14 #4),
  // and the newest step comes first, as in the admin.
  await page.fill('#f-body', 'Rolling back in two steps:\n\n- drain the new nodes\n- restore the old build\n\nNext update in 15 minutes.');
  await Promise.all([page.waitForURL(publicUrl.replace(base, `${base}/admin`)),
                     page.click('button[name=action][value=save]')]);
  check(await publicShows(publicPage, publicUrl, 'restore the old build'), 'public page shows the list update');
  const steps = publicPage.locator('ol.timeline > li.step');
  check(await steps.count() === 3, `three timeline steps for three updates (${await steps.count()})`);
  check((await steps.first().innerText()).includes('drain the new nodes'), 'newest update first');
  check(await steps.first().locator('ul > li').count() === 2, 'the two bullets sit inside the newest step');
  const bullet = await steps.first().locator('ul > li').first().evaluate((li) => ({
    marker: getComputedStyle(li).listStyleType,
    step: getComputedStyle(li, '::before').content,
  }));
  check(['disc', 'circle', 'square'].includes(bullet.marker) &&
        (bullet.step === 'none' || bullet.step === 'normal'),
        `a bullet renders as a bullet, not a numbered step (${JSON.stringify(bullet)})`);
  check((await steps.first().getAttribute('data-step')) === '3', 'the newest step keeps its number 3');
  await t.screenshot(publicPage, 'incident-bullet-list.png');

  // Resolve.
  await Promise.all([page.waitForURL(publicUrl.replace(base, `${base}/admin`)),
                     page.click('form[action$="/resolve"] button')]);
  check((await page.locator('.flash').innerText()).includes('resolved'), 'incident resolved');
  check(await publicShows(publicPage, publicUrl, 'Resolved'), 'public page shows it resolved');

  // The post-mortem: pre-filled with seed 003's sections, published.
  await page.click('text=Write the post-mortem');
  const draft = await page.inputValue('#f-body');
  check(['Description', 'Type of Event', 'Services Impacted', 'Timeline', 'Total Duration',
         'Root Cause', 'Remediation', 'Preventative Action'].every((s) => draft.includes(`## ${s}`)),
        'the post-mortem editor starts with the sections of seed 003');
  await page.fill('#f-body', draft.replace('## Root Cause\n\n', '## Root Cause\n\nA config flag shipped inverted.'));
  await Promise.all([page.waitForURL(publicUrl.replace(base, `${base}/admin`)),
                     page.click('button[name=action][value=publish]')]);
  check(await publicShows(publicPage, publicUrl, 'A config flag shipped inverted.'),
        'public page shows the published post-mortem');
  check(errors.length === 0, `no script errors or failed loads in the admin (${errors.join('; ')})`);

  // A maintenance window wholly in the past is refused with the field's error; the form says
  // which time zone its times are in.
  await page.goto(`${base}/admin/maintenance/new`, { waitUntil: 'load' });
  check((await page.locator('label[for="f-starts"]').innerText()).includes('(Europe/Amsterdam)'),
        'the window fields name their time zone');
  await page.fill('#f-name', 'Storage array swap (refused)');
  await page.fill('#f-starts', '2020-01-01T10:00');
  await page.fill('#f-ends', '2020-01-01T11:00');
  await page.fill('#f-body', 'We will upgrade the database.');
  const refused = page.waitForResponse((r) => r.url().endsWith('/admin/maintenance/new') &&
                                              r.request().method() === 'POST');
  await page.click('button[name=action][value=save]');
  check((await refused).status() === 400, 'the past window is refused (400)');
  await page.locator('#err-ends').waitFor({ timeout: 5000 });
  check((await page.locator('#err-ends').innerText()).includes('already ended'),
        'the end field says the window has already ended');
  await t.screenshot(page, 'maintenance-past-refused.png');
  await page.goto(`${base}/admin/maintenance`, { waitUntil: 'load' });
  check(!(await page.content()).includes('Storage array swap (refused)'),
        'the refused window was not stored');
  errors.length = 0;  // the refused form answered 400 on purpose

  // CSRF from another origin, while signed in.
  const evil = await startAttacker(base);
  const forged = await context.newPage();
  const answer = forged.waitForResponse((r) => r.url().startsWith(`${base}/admin/incidents/new`),
                                        { timeout: 10_000 });
  await forged.goto(`${evil}/`, { waitUntil: 'load' });
  const status = (await answer).status();
  check(status === 401 || status === 403, `the forged cross-origin post is refused (${status})`);
  await page.goto(`${base}/admin/incidents`, { waitUntil: 'load' });
  check(!(await page.content()).includes('Forged outage'), 'the forged post changed nothing');

  console.log(`screenshots in ${outDir}`);
});
