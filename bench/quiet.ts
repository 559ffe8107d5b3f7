// Waiting for Chromium to go quiet between sections: what one section leaves running (pages
// closing, their heaps collected, the storage settling) lands in the next section's figures
// otherwise. Linux only (reads /proc); elsewhere it returns at once.

import { readdirSync, readFileSync } from 'node:fs';
import { sleep } from './stats';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU ticks used so far by each Chromium process, by pid; null where /proc is not there. */
function chromiumTicks(): Map<string, number> | null {
  const ticks = new Map<string, number>();
  try {
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let stat: string;
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // the process ended meanwhile
      }
      const close = stat.lastIndexOf(')');
      if (!/\((chromium|chrome|headless_shell)[^)]*\)$/.test(stat.slice(0, close + 1))) continue;
      const fields = stat.slice(close + 2).split(' '); // fields from the 3rd (state) on
      ticks.set(pid, Number(fields[11]) + Number(fields[12])); // utime + stime (14th and 15th)
    }
  } catch {
    return null;
  }
  return ticks;
}

/** CPU seconds used between two samples by the processes alive at the second one. */
function usedBetween(before: Map<string, number>, after: Map<string, number>): number {
  let ticks = 0;
  for (const [pid, t] of after) ticks += t - (before.get(pid) ?? 0);
  return ticks / TICKS_PER_SECOND;
}

/**
 * Resolves once every Chromium process together used under `share` of one core over a window of
 * `windowMs`, or after `maxMs`. Returns how long it waited and the last window's share.
 */
export async function waitForQuietChromium({ windowMs = 500, share = 0.1, maxMs = 10_000 } = {}): Promise<{ waitedMs: number; share: number }> {
  const start = performance.now();
  let last = chromiumTicks();
  let used = Number.NaN;
  while (last && performance.now() - start < maxMs) {
    await sleep(windowMs);
    const now = chromiumTicks();
    if (!now) break;
    used = usedBetween(last, now) / (windowMs / 1000);
    last = now;
    if (used < share) break;
  }
  return { waitedMs: performance.now() - start, share: used };
}
