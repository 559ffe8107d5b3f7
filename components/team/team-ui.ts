import { useEffect, useRef, useState } from 'react';
import { browser } from 'wxt/browser';
import { request } from '@/lib/messages/client';
import type { TeamStatusReply } from '@/lib/messages/protocol';
import { errorText } from '@/components/templates/library-ui';

// What the Team tab's parts share: the polled team status, the host permission for a team
// server on another computer, and a few words.

export type TeamStatus = TeamStatusReply;
export type TeamState = TeamStatus['state'];

export const DEFAULT_SERVER = 'http://127.0.0.1:8787';
const POLL_MS = 1_000;

/**
 * team.status, asked every second while the tab is shown (one request at a time). `set` takes a
 * reply of team.join or team.leave so the view changes without waiting for the next poll.
 */
export function useTeamStatus(): { status: TeamStatus | undefined; error: string | null; set: (status: TeamStatus) => void } {
  const [status, setStatus] = useState<TeamStatus | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const generation = useRef(0);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      const asked = generation.current;
      try {
        const reply = await request('team.status', {});
        // A join or leave answered meanwhile is newer than this reply.
        if (live && asked === generation.current) {
          setStatus(reply);
          setError(null);
        }
      } catch (e) {
        if (live) setError(errorText(e));
      }
      if (live) timer = setTimeout(() => void poll(), POLL_MS);
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, []);

  const set = (next: TeamStatus) => {
    generation.current++;
    setStatus(next);
    setError(null);
  };
  return { status, error, set };
}

/** 127.0.0.0/8, localhost and [::1]: a server on this computer, reachable without asking. */
export function isLoopbackOrigin(origin: string): boolean {
  let host: string;
  try {
    host = new URL(origin).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Asks for the optional host permission `pattern`. Call it in the click's handler before anything
 * is awaited: the browser only shows its prompt during a user gesture. 'unavailable' when the
 * browser would not even ask (the manifest does not offer that origin).
 */
export async function askForSite(pattern: string): Promise<'granted' | 'refused' | 'unavailable'> {
  try {
    return (await browser.permissions.request({ origins: [pattern] })) ? 'granted' : 'refused';
  } catch {
    return 'unavailable';
  }
}

export function roleText(role: 'agent' | 'viewer' | undefined): string {
  return role === 'viewer' ? 'Viewer' : role === 'agent' ? 'Agent' : '—';
}

/** "14:02" today, "3 Dec, 14:02" another day. */
export function formatClock(ms: number, now = Date.now()): string {
  const at = new Date(ms);
  const time = at.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return at.toDateString() === new Date(now).toDateString()
    ? time
    : `${at.toLocaleDateString(undefined, { day: 'numeric', month: 'short' })}, ${time}`;
}
