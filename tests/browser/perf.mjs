// Measures a rolemap HTML report in headless Chromium (Debian's, through playwright-core):
// how long the page takes to load and show its summary and first matrix page, and to switch to
// the next matrix page. A measurement, not a test: it prints the figures and asserts nothing.
//
//   (cd tests/browser && npm ci)
//   target/release/examples/synth 100000 > /tmp/c100k.json
//   target/release/rolemap report /tmp/c100k.json -o /tmp/r100k.html
//   node tests/browser/perf.mjs /tmp/r100k.html [CHROMIUM]
//
// Prints one JSON line: { summaryMs, readyMs, firstPaintMs, pageMs, whyMs, partyMs, bytes,
// parts }, where whyMs is a click on a cell to its explanation, partyMs a click on the first
// party to its duties, and parts gives the file read, the script's start, the first page
// drawn and the whole page read (loadedMs), from navigation. Documented in
// docs/report.md.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launch } from './launch.mjs';

const html = resolve(process.argv[2]);
const { context, close } = await launch(process.argv[3]);
try {
  const page = context.pages()[0] || await context.newPage();
  const url = pathToFileURL(html).href;
  await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  const results = { bytes: statSync(html).size };
  const start = Date.now();
  // From the first bytes on ('commit'), not from the load event: the summary is in the page's
  // HTML before the data, so the browser shows it while it is still reading the rest.
  await page.goto(url, { waitUntil: 'commit', timeout: 300000 });
  // The summary cards carry their counts in the page; the script marks the body ready once it
  // has read the data and drawn the first matrix page.
  await page.waitForSelector('[data-count="parties"]', { state: 'visible', timeout: 300000 });
  results.summaryMs = Date.now() - start;
  await page.waitForSelector('body[data-ready="true"]', { timeout: 300000 });
  results.readyMs = Date.now() - start;
  // The browser's own figure for the first paint of content (the summary), from navigation.
  results.firstPaintMs = await page.evaluate(() => {
    const e = performance.getEntriesByName('first-contentful-paint')[0];
    return e ? Math.round(e.startTime) : null;
  });
  // Where the time to ready went, from navigation: the file read (responseEnd), the script
  // started (the document parsed up to it) and the first page drawn, which parses the
  // sections it uses (the page's marks).
  results.parts = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    const mark = (m) => { const e = performance.getEntriesByName(m)[0]; return e ? Math.round(e.startTime) : null; };
    // The sections parsed by then, and how long each took.
    const parsed = {};
    for (const m of performance.getEntriesByType('measure')) {
      // A section read by row is parsed an element at a time: its parses are added up.
      if (m.name.startsWith('rolemap-parse ') && m.startTime <= mark('rolemap-drawn')) {
        const k = m.name.slice(14);
        parsed[k] = (parsed[k] || 0) + m.duration;
      }
    }
    for (const k of Object.keys(parsed)) parsed[k] = Math.round(parsed[k]);
    return { responseEndMs: n ? Math.round(n.responseEnd) : null, scriptMs: mark('rolemap-script'), drawnMs: mark('rolemap-drawn'), parsedMs: parsed };
  });
  const first = await page.locator('#matrix-view th.pc').first().getAttribute('data-id');
  const t0 = Date.now();
  await page.locator('#matrix-view .pager button').nth(1).click();
  await page.waitForFunction(
    (f) => { const th = document.querySelector('#matrix-view th.pc'); return th && th.getAttribute('data-id') !== f; },
    first, { timeout: 300000 },
  );
  results.pageMs = Date.now() - t0;
  // A click on a marked cell to its explanation drawn, and on a party to its duties drawn:
  // each reads the rows it shows (the data's explain and duty_lists, an element at a time).
  const t1 = Date.now();
  await page.locator('#matrix-view button.mk-L').first().click();
  await page.waitForSelector('#why:not([hidden]) .origin', { timeout: 300000 });
  results.whyMs = Date.now() - t1;
  const t2 = Date.now();
  await page.locator('#parties-view details.party > summary').first().click();
  await page.waitForSelector('#parties-view .party-body', { timeout: 300000 });
  results.partyMs = Date.now() - t2;
  // When the browser had read the whole page: the data read on a click comes after the
  // script, so the page is shown before this.
  results.parts.loadedMs = await page.evaluate(() => {
    const n = performance.getEntriesByType('navigation')[0];
    return n ? Math.round(n.domContentLoadedEventStart) : null;
  });
  console.log(JSON.stringify(results));
} finally {
  await close();
}
