// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { monitorHealth, SETTLE_MS, type HealthReport } from '@/lib/content/health-monitor';
import type { AnchorHealth } from '@/lib/x/health';
import { PageObserver } from '@/lib/x/observer';

// A status page whose reply box X renders late: judged only once it settled, re-checked when
// the missing anchor appears, and left alone once healthy.

const TWEET = '<article data-testid="tweet"><div data-testid="User-Name"><a href="/alice">Alice</a></div></article>';
const COMPOSER = '<div data-testid="tweetTextarea_0" role="textbox"></div><button data-testid="tweetButtonInline">Reply</button>';

function setup() {
  const doc = new DOMParser().parseFromString(`<html><body><main>${TWEET}</main></body></html>`, 'text/html');
  Object.defineProperty(doc, 'location', { value: new URL('https://x.com/alice/status/1') });
  const controller = new AbortController();
  const page = new PageObserver(doc, (fn) => setTimeout(fn, 0));
  const judged: AnchorHealth[] = [];
  const sent: HealthReport[] = [];
  const host = { applyHealth: (health: AnchorHealth) => (judged.push(health), health.composer === false ? ['composer'] : []) };
  const health = monitorHealth(doc, page, host, (r) => sent.push(r), controller.signal);
  const add = (html: string) => doc.querySelector('main')!.insertAdjacentHTML('beforeend', html);
  return { doc, controller, judged, sent, health, add };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('monitorHealth', () => {
  it('judges the page once it settled, again when a missing anchor appears, then no more', async () => {
    const { judged, sent, add } = setup();
    add(TWEET);
    await vi.advanceTimersByTimeAsync(SETTLE_MS - 100);
    expect(judged).toEqual([]);

    await vi.advanceTimersByTimeAsync(100);
    expect(sent).toEqual([
      { url: 'https://x.com/alice/status/1', anchors: { tweet: true, author: true, composer: false, sendButton: null }, disabledFeatures: ['composer'] },
    ]);
    const afterSettle = judged.length;

    add(COMPOSER);
    await vi.advanceTimersByTimeAsync(10);
    expect(judged.length).toBeGreaterThan(afterSettle);
    expect(sent.at(-1)).toEqual({ url: 'https://x.com/alice/status/1', anchors: { tweet: true, author: true, composer: true, sendButton: true }, disabledFeatures: [] });

    // Healthy: more tweets (a timeline streaming in) are not judged again.
    const healthy = judged.length;
    add(TWEET + TWEET);
    add(COMPOSER);
    await vi.advanceTimersByTimeAsync(SETTLE_MS * 2);
    expect(judged.length).toBe(healthy);
    expect(sent).toHaveLength(2);
  });

  it('judges an intact page once, and starts over after a navigation', async () => {
    const { judged, sent, add, health } = setup();
    add(COMPOSER);
    await vi.advanceTimersByTimeAsync(SETTLE_MS);
    expect(judged).toHaveLength(1);
    expect(sent).toHaveLength(1);

    health.navigated();
    add(TWEET);
    await vi.advanceTimersByTimeAsync(SETTLE_MS - 1);
    expect(judged).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(judged).toHaveLength(2);
    // Same page, same result: not reported twice.
    expect(sent).toHaveLength(1);
  });

  it('stops with its signal', async () => {
    const { judged, controller, add } = setup();
    controller.abort();
    add(COMPOSER);
    await vi.advanceTimersByTimeAsync(SETTLE_MS * 2);
    expect(judged).toEqual([]);
  });
});
