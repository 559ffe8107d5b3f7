import type { CDPSession } from 'playwright-core';

// A Chrome trace of one page, to see WHOSE script runs in each main-thread task: DevTools'
// FunctionCall / EvaluateScript events carry the script URL, and our content script's is
// chrome-extension://<id>/content-scripts/x.js.

export interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { url?: string; functionName?: string } };
}

const CATEGORIES = ['toplevel', 'devtools.timeline', 'v8.execute'];

export async function startTrace(cdp: CDPSession): Promise<void> {
  await cdp.send('Tracing.start', { transferMode: 'ReturnAsStream', traceConfig: { includedCategories: CATEGORIES, recordMode: 'recordAsMuchAsPossible' } });
}

export async function stopTrace(cdp: CDPSession): Promise<TraceEvent[]> {
  const done = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (e) => resolve(e.stream ?? '')));
  await cdp.send('Tracing.end');
  const stream = await done;
  let text = '';
  for (;;) {
    const chunk = await cdp.send('IO.read', { handle: stream, size: 4 << 20 });
    text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
    if (chunk.eof) break;
  }
  await cdp.send('IO.close', { handle: stream });
  const parsed = JSON.parse(text) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  return Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
}

export interface TaskAttribution {
  /** Main-thread tasks of 50 ms or more. */
  longTasks: { dur: number; ours: number }[];
  /** Long tasks with any of our script inside. */
  withOurScript: number;
  /** Long tasks that would have stayed under 50 ms without our script time. */
  causedByUs: number;
  /** Our script's total time on the main thread, ms (FunctionCall/EvaluateScript/... with our URL, outermost). */
  ourScriptMs: number;
}

/** Attributes the page's main-thread tasks; `isOurs(url)` picks our scripts. */
export function attributeTasks(events: TraceEvent[], isOurs: (url: string) => boolean, pageUrlPrefix: string): TaskAttribution {
  const complete = events.filter((e) => e.ph === 'X' && typeof e.dur === 'number');
  // The page's main thread: the one whose events name the page's URLs most often.
  const byThread = new Map<string, number>();
  for (const e of complete) if (e.args?.data?.url?.startsWith(pageUrlPrefix)) byThread.set(`${e.pid}:${e.tid}`, (byThread.get(`${e.pid}:${e.tid}`) ?? 0) + 1);
  const thread = [...byThread].sort((a, b) => b[1] - a[1])[0]?.[0];
  const onThread = (e: TraceEvent) => `${e.pid}:${e.tid}` === thread;
  const tasks = complete.filter((e) => onThread(e) && (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask')).sort((a, b) => a.ts - b.ts);
  // Our script intervals, outermost only (a FunctionCall inside another of ours is not counted twice).
  const ours = complete
    .filter((e) => onThread(e) && (e.name === 'FunctionCall' || e.name === 'EvaluateScript' || e.name === 'v8.compile') && e.args?.data?.url && isOurs(e.args.data.url))
    .sort((a, b) => a.ts - b.ts);
  const outer: TraceEvent[] = [];
  for (const e of ours) {
    const last = outer[outer.length - 1];
    if (last && e.ts < last.ts + (last.dur ?? 0)) continue;
    outer.push(e);
  }
  const ourScriptMs = outer.reduce((sum, e) => sum + (e.dur ?? 0), 0) / 1000;
  // Top-level tasks only (RunTask may nest).
  const top: TraceEvent[] = [];
  for (const t of tasks) {
    const last = top[top.length - 1];
    if (last && t.ts < last.ts + (last.dur ?? 0)) continue;
    top.push(t);
  }
  const longTasks = top
    .filter((t) => (t.dur ?? 0) >= 50_000)
    .map((t) => {
      const inside = outer.filter((e) => e.ts >= t.ts && e.ts < t.ts + (t.dur ?? 0)).reduce((s, e) => s + (e.dur ?? 0), 0);
      return { dur: (t.dur ?? 0) / 1000, ours: inside / 1000 };
    });
  return {
    longTasks,
    withOurScript: longTasks.filter((t) => t.ours > 0).length,
    causedByUs: longTasks.filter((t) => t.ours > 0 && t.dur - t.ours < 50).length,
    ourScriptMs,
  };
}
