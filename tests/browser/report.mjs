// Opens a rolemap HTML report in headless Chromium (Debian's, through playwright-core) and checks
// the rendered page against expectations written by tests/it/report.rs.
//
//   node tests/browser/report.mjs EXPECT.json
//
// EXPECT.json: { html, screenshot, chromium, lang, rows, parties: [ids of the first page],
//   cells: [[alloc, party, mark]], filter: {role, rows}, click: {alloc, party, texts: [..]},
//   labels: {en, ja}, literal: [texts], page2: bool }
// Prints one JSON line of results; exits 1 with the problems on failure.
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const want = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const problems = [];
const check = (ok, what) => { if (!ok) problems.push(what); };
const results = {};

const profile = mkdtempSync(join(tmpdir(), 'rolemap-chromium-'));
// A fresh profile every run (Playwright passes it as --user-data-dir).
const context = await chromium.launchPersistentContext(profile, {
  executablePath: want.chromium || '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
  viewport: { width: 1400, height: 1000 },
});
try {
  const page = context.pages()[0] || await context.newPage();
  const url = pathToFileURL(want.html).href;
  const consoleErrors = [];
  const requests = [];
  const dialogs = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  page.on('request', (r) => requests.push(r.url()));
  // Anything but the report itself is refused before it leaves the browser (and counted above).
  await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));

  const start = Date.now();
  await page.goto(url, { waitUntil: 'load', timeout: 120000 });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 120000 });
  results.readyMs = Date.now() - start;
  await page.screenshot({ path: want.screenshot.replace(/\.png$/, '-top.png'), fullPage: false });

  // Matrix rows and the party columns of the first page.
  const rowCount = await page.locator('#matrix-view table.matrix tbody tr').count();
  check(rowCount === want.rows, `matrix rows: ${rowCount}, want ${want.rows}`);
  const heads = await page.locator('#matrix-view th.pc').allTextContents();
  check(JSON.stringify(heads) === JSON.stringify(want.parties), `party columns: ${JSON.stringify(heads.slice(0, 5))}…`);
  // Every mark shown is the mark `rolemap matrix` gives.
  const shown = await page.$$eval('#matrix-view button.mk', (bs) => bs.map((b) => [
    Number(b.getAttribute('data-a')), Number(b.getAttribute('data-p')), b.textContent === '·' ? '' : b.textContent]));
  const key = (c) => `${c[0]}/${c[1]}`;
  const expected = new Map(want.cells.map((c) => [key(c), c[2]]));
  let wrong = 0;
  for (const c of shown) {
    if ((expected.get(key(c)) || '') !== c[2]) wrong++;
  }
  check(shown.length > 0 && wrong === 0, `${wrong} of ${shown.length} matrix cells differ from rolemap matrix`);
  results.cells = shown.length;

  // A filter changes what is shown.
  if (want.filter) {
    await page.locator('#matrix-controls select').first().selectOption(String(want.filter.role));
    const filtered = await page.locator('#matrix-view table.matrix tbody tr').count();
    check(filtered === want.filter.rows, `rows after the role filter: ${filtered}, want ${want.filter.rows}`);
    await page.locator('#matrix-controls select').first().selectOption('-1');
    check(await page.locator('#matrix-view table.matrix tbody tr').count() === want.rows, 'the filter does not reset');
  }
  if (want.search) {
    await page.fill('#matrix-controls input[type="search"]', want.search.q);
    await page.waitForFunction((n) => document.querySelectorAll('#matrix-view th.pc').length === n, want.search.columns, { timeout: 10000 })
      .catch(() => problems.push(`party search ${want.search.q}: not ${want.search.columns} columns`));
    await page.fill('#matrix-controls input[type="search"]', '');
    await page.waitForFunction((n) => document.querySelectorAll('#matrix-view th.pc').length === n, want.parties.length, { timeout: 10000 });
  }
  if (want.page2) {
    const t0 = Date.now();
    await page.locator('#matrix-view .pager button').nth(1).click();
    const first = await page.locator('#matrix-view th.pc').first().textContent();
    results.page2Ms = Date.now() - t0;
    check(first !== want.parties[0], 'the next page shows other parties');
    await page.locator('#matrix-view .pager button').nth(0).click();
  }

  // A clicked cell explains itself.
  if (want.click) {
    const t0 = Date.now();
    await page.click(`#matrix-view button.mk[data-a="${want.click.alloc}"][data-p="${want.click.party}"]`);
    await page.waitForSelector('#why:not([hidden])');
    results.clickMs = Date.now() - t0;
    const why = await page.locator('#why').textContent();
    for (const t of want.click.texts) check(why.includes(t), `explanation lacks ${JSON.stringify(t)}`);
    results.why = why.slice(0, 400);
  }

  // The language switch changes the labels.
  if (want.labels) {
    const h2 = async () => (await page.locator('#matrix h2').innerText()).trim();
    check((await h2()) === want.labels[want.lang], `heading before the switch: ${await h2()}`);
    const other = want.lang === 'en' ? 'ja' : 'en';
    await page.click(`.lang-switch button[data-lang="${other}"]`);
    check((await page.getAttribute('html', 'lang')) === other, 'html lang follows the switch');
    check((await h2()) === want.labels[other], `heading after the switch: ${await h2()}`);
    const th = await page.locator('#matrix-view thead th').first().textContent();
    results.firstColumn = th;
    await page.screenshot({ path: want.screenshot.replace(/\.png$/, `-${other}.png`), fullPage: false });
    await page.click(`.lang-switch button[data-lang="${want.lang}"]`);
    check((await h2()) === want.labels[want.lang], 'switching back restores the labels');
  }

  // Names from the model appear exactly as written, as text.
  if (want.literal && want.literal.length) {
    await page.fill('#parties-controls input[type="search"]', '');
    const texts = await page.$$eval('#parties-view .name', (es) => es.map((e) => e.textContent));
    for (const t of want.literal) check(texts.includes(t), `party name not shown literally: ${JSON.stringify(t)}`);
    const title = await page.locator('#title').innerText();
    results.title = title;
  }
  // Open every party on the page: their duties render without errors.
  if (want.openParties) {
    await page.click('#parties-controls button');
    const bodies = await page.locator('#parties-view .party-body').count();
    check(bodies > 0, 'open all shows duties');
  }

  check(await page.evaluate(() => typeof __rolemapCanary === 'undefined'), 'a script from the model ran (canary set)');
  check(dialogs.length === 0, `dialogs opened: ${JSON.stringify(dialogs)}`);
  check(consoleErrors.length === 0, `console: ${JSON.stringify(consoleErrors.slice(0, 5))}`);
  const foreign = requests.filter((r) => r !== url);
  check(foreign.length === 0, `network requests: ${JSON.stringify(foreign.slice(0, 5))}`);
  results.requests = requests.length;

  // Back to the top with a cell selected, for the picture.
  if (want.click) await page.evaluate(() => document.getElementById('matrix').scrollIntoView());
  await page.screenshot({ path: want.screenshot, fullPage: false });
  results.screenshot = want.screenshot;
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

console.log(JSON.stringify({ ok: problems.length === 0, problems, results }));
process.exit(problems.length === 0 ? 0 : 1);
