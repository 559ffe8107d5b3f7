// Real Firefox ESR with the built add-on, over WebDriver BiDi (puppeteer-core; no geckodriver).
// Replica x.com pages come from the Chromium suite's builders (tests/e2e/support/replica-x.ts)
// through BiDi request interception; nothing reaches the network.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';
import { replicaBundles, replicaResponse, X_ORIGIN_PATTERN, type ReplicaXOptions } from '../../e2e/support/replica-x';

export const FIREFOX_EXTENSION_DIR = resolve(import.meta.dirname, '../../../.output/firefox-mv2');

/**
 * The add-on's internal UUID, fixed through a pref so its pages have a known address
 * (moz-extension://<uuid>/dashboard.html); Firefox picks a random one per profile otherwise.
 */
export const ADDON_UUID = '5b0c1d0e-8f0a-4c47-9d57-48a1f2e3b6c1';
export const EXTENSION_ORIGIN = `moz-extension://${ADDON_UUID}`;

/** Our content script ran: it put its stylesheet into the page. */
const STARTED = 'style[data-handlebook="styles"]';

/** FIREFOX_PATH, then Debian's firefox-esr (bash .ci/run installs it), then a plain firefox. */
export function findFirefox(): string {
  for (const path of [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox']) if (path && existsSync(path)) return path;
  throw new Error('No Firefox found. Set FIREFOX_PATH, or install Debian\'s "firefox-esr" package (bash .ci/run does this).');
}

function geckoId(dir: string): string {
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${dir}/manifest.json has no gecko id`);
  return id;
}

/**
 * Offline by construction: every connection Firefox itself would open (the add-on's background
 * page included, which no page interception sees) goes to a proxy on a loopback port where
 * nothing listens, so it fails. Loopback is never proxied (a team server on 127.0.0.1 stays
 * reachable); pages' requests are answered by interception before any proxy or DNS is asked.
 */
const OFFLINE_PREFS = {
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': 9,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': 9,
  'network.proxy.share_proxy_settings': true,
  'network.proxy.allow_hijacking_localhost': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'extensions.getAddons.showPane': false,
  'toolkit.telemetry.enabled': false,
};

export interface FirefoxSession {
  browser: Browser;
  /** Requests from our tabs that were refused (neither x.com nor the add-on), in order. */
  blocked: string[];
  /** A new tab showing an x.com URL from the replica, once the content script has started. */
  openX(url: string, options?: { waitForBadges?: boolean }): Promise<Page>;
  /** A new tab with interception on, not navigated yet. */
  newTab(): Promise<Page>;
  /** A new tab showing one of the add-on's pages (dashboard.html, popup.html). */
  openExtensionPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Starts Firefox ESR with the built add-on (`npm run build:firefox` first; `npm test` does) on
 * a fresh profile. `allow` lets a test's own loopback server through page interception;
 * `extensionDir` and `prefs` measure another build (an MV3 one: wxt.config.ts says what we saw).
 */
export async function launchFirefox(
  options: { replica?: ReplicaXOptions; allow?: (url: URL) => boolean; headless?: boolean; extensionDir?: string; prefs?: Record<string, unknown> } = {},
): Promise<FirefoxSession> {
  const code = await replicaBundles();
  const extensionDir = options.extensionDir ?? FIREFOX_EXTENSION_DIR;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: findFirefox(),
    headless: options.headless ?? true,
    // Lets the BiDi session open add-on pages (moz-extension:) in a tab.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      ...OFFLINE_PREFS,
      ...options.prefs,
      'extensions.webextensions.uuids': JSON.stringify({ [geckoId(extensionDir)]: ADDON_UUID }),
    },
  });
  try {
    await browser.installExtension(extensionDir);
  } catch (error) {
    await browser.close();
    throw error;
  }
  const blocked: string[] = [];

  const answer = (request: HTTPRequest) => {
    const url = new URL(request.url());
    if (['data:', 'blob:', 'moz-extension:', 'about:'].includes(url.protocol) || options.allow?.(url)) return void request.continue();
    if (X_ORIGIN_PATTERN.test(url.href)) {
      // BiDi has no resource type: a navigation, fetch or XHR is a document to the replica.
      const destination = request.headers()['sec-fetch-dest'];
      const isDocument = request.isNavigationRequest() || destination === 'empty' || destination === 'document';
      const reply = replicaResponse(url, isDocument, options.replica ?? {}, code);
      return void request.respond({ status: reply.status, contentType: reply.contentType, body: reply.body });
    }
    blocked.push(url.href);
    return void request.abort('blockedbyclient');
  };

  const newTab = async () => {
    const page = await browser.newPage();
    await page.setRequestInterception(true);
    page.on('request', answer);
    return page;
  };

  return {
    browser,
    blocked,
    newTab,
    async openX(url, openOptions = {}) {
      const page = await newTab();
      await page.goto(url);
      await page.waitForSelector(STARTED, { timeout: 15_000 });
      if (openOptions.waitForBadges) await page.waitForSelector('[data-handlebook="badge"]', { timeout: 15_000 });
      return page;
    },
    async openExtensionPage(path) {
      const page = await newTab();
      await navigateExtensionPage(page, path);
      return page;
    },
    async close() {
      await browser.close();
    },
  };
}

/**
 * Loads an add-on page in `page`. page.goto never resolves there (add-on pages send no load
 * event to BiDi, Mozilla bug 1755014); the browsing context's own navigate waits for it.
 */
export async function navigateExtensionPage(page: Page, path: string): Promise<void> {
  const frame = page.mainFrame() as unknown as { browsingContext: { navigate(url: string, wait: 'complete'): Promise<void> } };
  await frame.browsingContext.navigate(`${EXTENSION_ORIGIN}/${path}`, 'complete');
}

/**
 * Sends one Handlebook message from an add-on page, as the add-on's own pages do, and returns its
 * reply's data. (`browser.runtime` in Firefox; `chrome.runtime.sendMessage` answers undefined.)
 */
export async function send<T = unknown>(page: Page, type: string, payload: unknown): Promise<T> {
  const reply = await page.evaluate(
    (t, p) => (globalThis as unknown as { browser: { runtime: { sendMessage(m: unknown): Promise<any> } } }).browser.runtime.sendMessage({ handlebook: 1, type: t, payload: p }),
    type,
    payload as never,
  );
  if (!reply?.ok) throw new Error(`${type} failed: ${JSON.stringify(reply)}`);
  return reply.data as T;
}
