import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/**
 * The Chromium to drive: CHROMIUM_PATH, then Debian's binary (which still honours
 * --load-extension; branded Chrome 137+ does not), then Playwright's own build if present.
 */
export function findChromium(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/lib/chromium/chromium', '/usr/bin/chromium'];
  for (const path of candidates) if (path && existsSync(path)) return path;
  try {
    const own = chromium.executablePath();
    if (own && existsSync(own)) return own;
  } catch {
    // no Playwright browser installed
  }
  throw new Error(
    'No Chromium found. Set CHROMIUM_PATH, or install Debian\'s "chromium" package (bash .ci/run does this).',
  );
}

/** Flags that keep Chromium quiet and offline (no background traffic to Google). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
