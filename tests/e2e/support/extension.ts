import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium } from './chromium';

export const EXTENSION_DIR = resolve(import.meta.dirname, '../../../.output/chrome-mv3');

export interface ExtensionSession {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  userDataDir: string;
  /** Opens one of our extension pages (dashboard.html, popup.html). */
  openExtensionPage(path: string): Promise<Page>;
  close(): Promise<void>;
}

/**
 * Starts real Chromium with the built extension loaded from .output/chrome-mv3 (run
 * `npm run build` first; `npm test` does), or from `extensionDir`. A fresh profile each time
 * unless one is given.
 *
 * A fresh profile is an install, which opens the welcome page in a new tab in front. It is closed
 * here, as a person would close it, unless `keepWelcome`: left open, it keeps every page the
 * test opens later in a background tab, where Chrome throttles timers and idle callbacks (the
 * foundation tests took 82 s instead of 25).
 */
export async function launchWithExtension(
  options: { userDataDir?: string; keepProfile?: boolean; headless?: boolean; args?: string[]; extensionDir?: string; keepWelcome?: boolean } = {},
): Promise<ExtensionSession> {
  const fresh = options.userDataDir === undefined;
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  const userDataDir = options.userDataDir ?? mkdtempSync(join(tmpdir(), 'handlebook-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless: options.headless ?? true,
    viewport: { width: 1280, height: 900 },
    args: [...CHROMIUM_ARGS, ...(options.args ?? []), `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  if (fresh && !options.keepWelcome) await (await waitForExtensionPage(context, 'welcome.html')).close();
  return {
    context,
    extensionId,
    worker,
    userDataDir,
    async openExtensionPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/${path}`);
      return page;
    },
    async close() {
      await context.close();
      if (!options.keepProfile) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Stops the extension's service worker the way Chrome does after 30 s idle, through CDP
 * from an extension page (Playwright's debugger would otherwise keep it alive forever).
 */
export async function stopServiceWorker(session: ExtensionSession): Promise<void> {
  const page = await session.openExtensionPage('popup.html');
  const cdp = await session.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
  await page.close();
}

/** The current service worker (a new one after a restart). */
export async function currentWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? context.waitForEvent('serviceworker', { timeout: 15_000 });
}

/** Collects uncaught page errors so a test can assert there were none. */
export function collectPageErrors(page: Page): Error[] {
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  return errors;
}

/**
 * The extension page at `path` (e.g. welcome.html) once it is open in `context`: already, or
 * when the extension opens it. Pages are looked at as they are (a new tab's first URL may still
 * be about:blank when Playwright reports it).
 */
export async function waitForExtensionPage(context: BrowserContext, path: string, timeout = 15_000): Promise<Page> {
  const matches = (page: Page) => page.url().startsWith('chrome-extension://') && new URL(page.url()).pathname === `/${path}`;
  const deadline = Date.now() + timeout;
  for (;;) {
    const page = context.pages().find(matches);
    if (page) return page;
    if (Date.now() > deadline) throw new Error(`${path} did not open within ${timeout} ms (open: ${context.pages().map((p) => p.url()).join(', ')})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
