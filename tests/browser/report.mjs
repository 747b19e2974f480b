// Opens a rolemap HTML report in headless Chromium (Debian's, through playwright-core) and checks
// the rendered page against expectations written by tests/it/report.rs.
//
//   node tests/browser/report.mjs EXPECT.json
//
// EXPECT.json: { html, screenshot, chromium, lang, rows, parties: [ids of the first page],
//   cells: [[alloc, party, mark]], filter: {role, rows}, click: {alloc, party, texts: [..],
//   reading: the note of a click before the page is read},
//   labels: {en, ja}, literal: [texts], page2: bool, names: [names of the first page],
//   print: {parties: all the parties} }
// Prints one JSON line of results; exits 1 with the problems on failure.
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { launch } from './launch.mjs';

const want = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const problems = [];
const check = (ok, what) => { if (!ok) problems.push(what); };
const results = {};

const { context, close } = await launch(want.chromium);
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
  const heads = await page.$$eval('#matrix-view th.pc', (ths) => ths.map((t) => t.getAttribute('data-id')));
  check(JSON.stringify(heads) === JSON.stringify(want.parties), `party columns: ${JSON.stringify(heads.slice(0, 5))}…`);
  // Party headers show names (the id in the tooltip), whole: nothing clipped.
  if (want.names) {
    const names = await page.locator('#matrix-view th.pc').allTextContents();
    check(JSON.stringify(names) === JSON.stringify(want.names), `party headers: ${JSON.stringify(names.slice(0, 3))}…`);
  }
  const clipped = await page.$$eval('#matrix-view th.pc', (ths) => ths.filter((t) =>
    t.scrollHeight > t.clientHeight + 1 || t.scrollWidth > t.clientWidth + 1).length);
  check(clipped === 0, `${clipped} party headers clipped`);
  // Marks with a scope fit their button.
  const spilled = await page.$$eval('#matrix-view button.mk', (bs) => bs.filter((b) =>
    b.scrollHeight > b.clientHeight + 1 || b.scrollWidth > b.clientWidth + 1).map((b) => b.textContent));
  check(spilled.length === 0, `marks spill out of their cells: ${JSON.stringify(spilled.slice(0, 3))}`);
  // Ids, codes, dates and headers of the lists stay on one line.
  const broken = await page.$$eval('#catalog-view th.id, #waived-view thead th, #waived-view td.date, #waived-view td.code', (es) =>
    es.filter((e) => {
      // The lines its text takes: the distinct tops of the boxes of its text.
      const tops = new Set();
      const w = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
      for (let n = w.nextNode(); n; n = w.nextNode()) {
        const r = document.createRange();
        r.selectNodeContents(n);
        for (const x of r.getClientRects()) if (x.width > 0) tops.add(Math.round(x.top));
      }
      return tops.size > 1;
    }).map((e) => e.textContent));
  check(broken.length === 0, `broken across lines: ${JSON.stringify(broken.slice(0, 5))}`);
  results.unbroken = await page.locator('#catalog-view th.id').count();
  // The language toggle reads without a Japanese font.
  const toggle = await page.locator('.lang-switch button[data-lang="ja"]').textContent();
  check(toggle.includes('Japanese'), `the Japanese toggle reads ${JSON.stringify(toggle)}`);

  // In print: every row and party, tables that fit the page, no controls, the diagram scaled.
  if (want.print) {
    await page.emulateMedia({ media: 'print' });
    await page.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    const p = await page.evaluate(() => {
      const main = document.querySelector('main').getBoundingClientRect().width;
      const tables = Array.from(document.querySelectorAll('#matrix-view table.matrix'));
      const hiddenControls = Array.from(document.querySelectorAll('.controls, .pager, .lang-switch, nav, .drawing-tools'))
        .every((e) => getComputedStyle(e).display === 'none' || e.offsetParent === null);
      const svg = document.querySelector('.drawing:not([hidden]) svg');
      const shown = Array.from(document.querySelectorAll('.drawing svg')).filter((x) => x.getBoundingClientRect().width > 0);
      return {
        rows: tables.map((t) => t.querySelectorAll('tbody tr').length),
        parties: document.querySelectorAll('#matrix-view th.pc').length,
        wide: tables.filter((t) => t.getBoundingClientRect().width > main + 1).length,
        scrolls: Array.from(document.querySelectorAll('#matrix-view .table-box')).filter((b) =>
          b.scrollWidth > b.clientWidth + 1 || b.scrollHeight > b.clientHeight + 1).length,
        hiddenControls,
        svgFits: shown.every((x) => x.getBoundingClientRect().width <= main + 1) && (svg !== null || shown.length === 0),
        drawings: shown.length,
      };
    });
    results.print = p;
    check(p.rows.length > 0 && p.rows.every((n) => n === want.rows), `print: rows per table ${JSON.stringify(p.rows)}, want ${want.rows}`);
    check(p.parties === want.print.parties, `print: ${p.parties} party columns, want ${want.print.parties}`);
    check(p.wide === 0, `print: ${p.wide} matrix tables wider than the page`);
    check(p.scrolls === 0, `print: ${p.scrolls} scroll boxes`);
    check(p.hiddenControls, 'print: controls shown');
    check(p.svgFits && p.drawings === 1, `print: the diagram does not fit (${p.drawings} shown)`);
    await page.screenshot({ path: want.screenshot.replace(/\.png$/, '-print.png'), fullPage: true });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    await page.emulateMedia({ media: 'screen' });
    const back = await page.locator('#matrix-view th.pc').count();
    check(back === want.parties.length, `after print: ${back} party columns, want ${want.parties.length}`);
  }
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
    const first = await page.locator('#matrix-view th.pc').first().getAttribute('data-id');
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

    // Clicked before the browser has read the whole page (the cells' and parties' duties come
    // after the script): a note, then the explanation once it has. The page is made to say it
    // is still loading until the test lets it go on.
    const early = await context.newPage();
    early.on('pageerror', (e) => consoleErrors.push(`pageerror (early): ${e.message}`));
    await early.addInitScript(() => {
      window.__rolemapLoading = true;
      Object.defineProperty(document, 'readyState', {
        configurable: true, get: () => (window.__rolemapLoading ? 'loading' : 'complete'),
      });
    });
    await early.goto(url, { waitUntil: 'load', timeout: 120000 });
    await early.waitForSelector('body[data-ready="true"]', { timeout: 120000 });
    await early.click(`#matrix-view button.mk[data-a="${want.click.alloc}"][data-p="${want.click.party}"]`);
    const note = await early.locator('#why').textContent();
    check(note.includes(want.click.reading), `a click before the page is read: ${JSON.stringify(note.slice(0, 200))}`);
    await early.locator('#parties-view details.party > summary').first().click();
    const pending = await early.locator('#parties-view details.party .pending').first().textContent();
    check(pending.includes(want.click.reading), `a party opened before the page is read: ${JSON.stringify(pending)}`);
    await early.evaluate(() => { window.__rolemapLoading = false; document.dispatchEvent(new Event('DOMContentLoaded')); });
    await early.waitForSelector('#why:not([hidden]) h3');
    const later = await early.locator('#why').textContent();
    for (const t of want.click.texts) check(later.includes(t), `explanation once read lacks ${JSON.stringify(t)}`);
    check(!later.includes(want.click.reading), 'the note stays after the page is read');
    check(await early.locator('#parties-view .party-body').count() === 1, 'the party opened early shows its duties once read');
    await early.close();
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
  await close();
}

console.log(JSON.stringify({ ok: problems.length === 0, problems, results }));
process.exit(problems.length === 0 ? 0 : 1);
