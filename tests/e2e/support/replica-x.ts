// Serves replica x.com pages to a Playwright context, offline. Every request to x.com /
// twitter.com (and mobile./www.) is answered from tests/fixtures/x: pages by path, plus the
// two in-page bundles (/__replica/renderer.js, /__replica/composer.js) built once per run with
// esbuild and cached in tests/.build/ (keyed by a hash of their sources).

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { build, version as esbuildVersion } from 'esbuild';
import type { BrowserContext, Route } from 'playwright-core';
import * as data from '../../fixtures/x/data';
import type { OmitAnchor, Theme } from '../../fixtures/x/markup';
import type { ComposerKind } from '../../fixtures/x/page-api';
import { composePostPage, homeTimelinePage, notFoundPage, notificationsPage, profilePage, searchPage, statusPage, type PageOptions } from '../../fixtures/x/pages';

const ROOT = resolve(import.meta.dirname, '../../..');
const FIXTURES = join(ROOT, 'tests/fixtures/x');
const BUILD_DIR = join(ROOT, 'tests/.build');

/** Requests the replica answers: x.com and twitter.com, with or without mobile./www. */
export const X_ORIGIN_PATTERN = /^https:\/\/(?:(?:mobile|www)\.)?(?:x|twitter)\.com\//;

// ---------------------------------------------------------------------------------------------
// Bundles

export type BundleName = 'renderer' | 'composer';
const ENTRIES: Record<BundleName, string> = {
  renderer: join(FIXTURES, 'in-page.ts'),
  composer: join(FIXTURES, 'composer/replica-composer.tsx'),
};

function sourceHash(): string {
  const hash = createHash('sha256').update(esbuildVersion);
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|tsx)$/.test(name)) hash.update(name).update(readFileSync(path));
    }
  };
  walk(FIXTURES);
  for (const dep of ['react', 'react-dom', 'draft-js']) hash.update(readFileSync(join(ROOT, 'node_modules', dep, 'package.json')));
  return hash.digest('hex').slice(0, 16);
}

async function bundle(name: BundleName): Promise<string> {
  const result = await build({
    entryPoints: [ENTRIES[name]],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: true,
    jsx: 'automatic',
    loader: { '.css': 'text' },
    define: { 'process.env.NODE_ENV': '"production"', global: 'globalThis' },
    logLevel: 'silent',
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced no output for ${name}`);
  return file.text;
}

let bundles: Promise<Record<BundleName, string>> | null = null;

/** Both in-page bundles, built at most once per process and reused across runs from tests/.build. */
export function replicaBundles(): Promise<Record<BundleName, string>> {
  bundles ??= (async () => {
    const key = sourceHash();
    mkdirSync(BUILD_DIR, { recursive: true });
    const out = {} as Record<BundleName, string>;
    for (const name of Object.keys(ENTRIES) as BundleName[]) {
      const path = join(BUILD_DIR, `replica-${name}-${key}.js`);
      if (existsSync(path)) out[name] = readFileSync(path, 'utf8');
      else {
        out[name] = await bundle(name);
        // Test files run in separate processes: write atomically, then drop stale builds.
        const tmp = `${path}.${process.pid}.tmp`;
        writeFileSync(tmp, out[name]);
        renameSync(tmp, path);
        for (const old of readdirSync(BUILD_DIR)) if (old.startsWith(`replica-${name}-`) && old !== basename(path) && old.endsWith('.js')) rmSync(join(BUILD_DIR, old), { force: true });
      }
    }
    return out;
  })();
  bundles.catch(() => (bundles = null));
  return bundles;
}

// ---------------------------------------------------------------------------------------------
// Routes

export type ReplicaRouteName = 'home' | 'status' | 'profile' | 'search' | 'notifications' | 'compose' | 'notFound';

export interface ReplicaXOptions {
  classSeed?: number;
  theme?: Theme;
  omit?: OmitAnchor[];
  /** Default: 'draft', or 'textarea' on mobile.x.com / mobile.twitter.com. */
  composerKind?: ComposerKind;
  /**
   * Replace what a route serves. Keys: an exact path ('/home', '/mara_okafor/status/123') or a
   * route name ('home', 'status', 'profile', 'search', 'notifications', 'compose', 'notFound').
   */
  pages?: Partial<Record<string, () => string>>;
  /** Tweets and "now" moved by this much (MarkupOptions.timeShiftMs). */
  timeShiftMs?: number;
}

/** What each route serves, for tests that want to know (the first match wins). */
export const REPLICA_ROUTES: readonly { name: ReplicaRouteName; path: string; example: string }[] = [
  { name: 'home', path: '/home', example: 'https://x.com/home' },
  { name: 'search', path: '/search?q=...', example: 'https://x.com/search?q=northwind%20refund' },
  { name: 'notifications', path: '/notifications', example: 'https://x.com/notifications' },
  { name: 'compose', path: '/compose/post', example: 'https://x.com/compose/post' },
  { name: 'status', path: '/<handle>/status/<id>', example: `https://x.com/${data.FOCUSED_TWEET.handle}/status/${data.FOCUSED_TWEET.id}` },
  { name: 'profile', path: '/<handle> (+ /with_replies, /media)', example: `https://x.com/${data.PROFILE_USER.handle}` },
  { name: 'notFound', path: 'anything else', example: 'https://x.com/i/nowhere' },
];

/** First path segments that are X's own pages, never handles. */
const RESERVED = new Set(['home', 'explore', 'notifications', 'messages', 'i', 'search', 'compose', 'settings', 'login', 'logout', 'signup', 'tos', 'privacy', 'hashtag', 'intent', 'share', 'account', 'jobs', '__replica']);

export function resolveReplicaRoute(url: URL): { name: ReplicaRouteName; render: (o: PageOptions) => string } {
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const seg = path.split('/').slice(1);
  if (path === '/' || path === '/home') return { name: 'home', render: (o) => homeTimelinePage(o) };
  if (path === '/search') return { name: 'search', render: (o) => searchPage({ ...o, query: url.searchParams.get('q') ?? undefined }) };
  if (path === '/notifications' || path.startsWith('/notifications/')) return { name: 'notifications', render: (o) => notificationsPage(o) };
  if (path === '/compose/post') return { name: 'compose', render: (o) => composePostPage(o) };
  const [first, second, third] = seg;
  if (first && /^[A-Za-z0-9_]{1,20}$/.test(first) && !RESERVED.has(first.toLowerCase())) {
    if (second === 'status' && third && /^\d{1,20}$/.test(third) && seg.length <= 4) return { name: 'status', render: (o) => statusPage({ ...o, handle: first, statusId: third }) };
    if (seg.length === 1) return { name: 'profile', render: (o) => profilePage({ ...o, handle: first }) };
    if (seg.length === 2 && (second === 'with_replies' || second === 'media')) return { name: 'profile', render: (o) => profilePage({ ...o, handle: first, tab: second }) };
  }
  return { name: 'notFound', render: (o) => notFoundPage(o) };
}

export interface ReplicaX {
  /** Every request the replica answered, in order. */
  served: { url: string; route: ReplicaRouteName | 'bundle' }[];
}

/**
 * Answers x.com / twitter.com in `context` with replica pages. Call before opening pages.
 * Combine with blockExternalNetwork() so nothing else leaves the machine.
 */
const replicaContexts = new WeakSet<BrowserContext>();

export async function routeReplicaX(context: BrowserContext, options: ReplicaXOptions = {}): Promise<ReplicaX> {
  const code = await replicaBundles();
  replicaContexts.add(context);
  const state: ReplicaX = { served: [] };
  await context.route(X_ORIGIN_PATTERN, async (route: Route) => {
    const url = new URL(route.request().url());
    const isDocument = ['document', 'fetch', 'xhr'].includes(route.request().resourceType());
    const answer = replicaResponse(url, isDocument, options, code);
    state.served.push({ url: url.href, route: answer.route });
    await route.fulfill({ status: answer.status, contentType: answer.contentType, body: answer.body });
  });
  return state;
}

export interface ReplicaResponse {
  /** The route the URL resolves to (a stray subresource on it is still answered 404). */
  route: ReplicaRouteName | 'bundle';
  status: number;
  contentType: string;
  body: string;
}

/**
 * What the replica answers for an x.com / twitter.com `url`, whatever the browser: Playwright's
 * routes (above) and the Firefox suite's request interception (tests/firefox) both serve this.
 * `isDocument`: a page, fetch or XHR; any other subresource (favicon, a hostile <img src=x>)
 * gets a 404.
 */
export function replicaResponse(url: URL, isDocument: boolean, options: ReplicaXOptions, code: Record<BundleName, string>): ReplicaResponse {
  if (url.pathname === '/__replica/renderer.js' || url.pathname === '/__replica/composer.js') {
    const name: BundleName = url.pathname.includes('renderer') ? 'renderer' : 'composer';
    return { route: 'bundle', status: 200, contentType: 'text/javascript; charset=utf-8', body: code[name] };
  }
  const { name, render } = resolveReplicaRoute(url);
  if (!isDocument) return { route: name, status: 404, contentType: 'text/plain', body: 'not found' };
  const mobile = url.hostname.startsWith('mobile.');
  const pageOptions: PageOptions = {
    ...(options.classSeed !== undefined ? { classSeed: options.classSeed } : {}),
    ...(options.theme ? { theme: options.theme } : {}),
    ...(options.omit ? { omit: options.omit } : {}),
    ...(options.timeShiftMs ? { timeShiftMs: options.timeShiftMs } : {}),
    composerKind: options.composerKind ?? (mobile ? 'textarea' : 'draft'),
  };
  const override = options.pages?.[url.pathname] ?? options.pages?.[name];
  // X answers unknown paths with 200 too (it is a single-page app that renders "doesn't exist").
  return { route: name, status: 200, contentType: 'text/html; charset=utf-8', body: override ? override() : render(pageOptions) };
}

/**
 * Aborts every request that is not to x.com/twitter.com (answered by routeReplicaX) or to the
 * extension itself, and records it. Returns the live list, so a test can assert it is empty.
 * Works in either order with routeReplicaX; without it, x.com requests are blocked too.
 * `allow` lets through what a test chose (its own team server on loopback).
 */
export async function blockExternalNetwork(context: BrowserContext, options: { allow?: (url: URL) => boolean } = {}): Promise<string[]> {
  const blocked: string[] = [];
  await context.route(
    (url) => url.protocol !== 'chrome-extension:' && url.protocol !== 'data:' && url.protocol !== 'blob:' && !options.allow?.(url),
    async (route) => {
      if (X_ORIGIN_PATTERN.test(route.request().url()) && replicaContexts.has(context)) {
        await route.fallback();
        return;
      }
      blocked.push(route.request().url());
      await route.abort('blockedbyclient');
    },
  );
  return blocked;
}

// ---------------------------------------------------------------------------------------------
// Sample data, for assertions

export const replicaData = data;

export const REPLICA_URLS = {
  home: 'https://x.com/home',
  /** The customer complaint with its conversation (one reply from @northwind_help). */
  status: `https://x.com/${data.FOCUSED_TWEET.handle}/status/${data.FOCUSED_TWEET.id}`,
  /** The same customer's profile (user id in the follow button). */
  profile: `https://x.com/${data.PROFILE_USER.handle}`,
  search: `https://x.com/search?q=${encodeURIComponent(data.SEARCH_QUERY)}&src=typed_query`,
  notifications: 'https://x.com/notifications',
  compose: 'https://x.com/compose/post',
} as const;
