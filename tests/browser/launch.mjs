// Starts Debian's Chromium headless through playwright-core, the same way for every script in
// this folder: a fresh profile each run (Playwright passes it as --user-data-dir), no network
// services, a 1400 × 1000 window. `close()` ends the browser and removes the profile.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export async function launch(executablePath) {
  const profile = mkdtempSync(join(tmpdir(), 'rolemap-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: executablePath || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
    viewport: { width: 1400, height: 1000 },
  });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  return { context, close };
}
