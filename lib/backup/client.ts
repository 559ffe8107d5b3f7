// The page's side of a restore: streams a validated backup to the background over a port (see
// session.ts for the conversation) and waits for the single transaction to finish.

import { browser } from 'wxt/browser';
import { BACKUP_TABLES, type BackupData, type BackupError } from './format';
import type { RestoreMode, RestoreOutcome } from './restore';
import { RESTORE_CHUNK_ROWS, RESTORE_PORT_NAME, type RestoreClientMessage, type RestoreServerMessage, type RestoreTimings } from './session';

export class RestoreFailedError extends Error {
  constructor(readonly errors: BackupError[]) {
    super(errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ') || 'The restore failed.');
    this.name = 'RestoreFailedError';
  }
}

export interface RestoreProgress {
  sent: number;
  total: number;
  phase: 'sending' | 'saving';
}

/**
 * Most characters of JSON per message. Rows differ a lot in size (a customer with long notes, a
 * 25,000-character reply), so a chunk ends at RESTORE_CHUNK_ROWS rows or at this many characters,
 * whichever comes first: even all in 3-byte UTF-8 that stays far below Chrome's 64 MiB.
 */
export const CHUNK_CHARS = 8 * 1024 * 1024;

/** End (exclusive) of the chunk starting at `start`; always at least one row. */
export function chunkEnd(rows: readonly unknown[], start: number, maxRows: number, maxChars: number): number {
  let chars = 0;
  let i = start;
  const limit = Math.min(rows.length, start + maxRows);
  while (i < limit) {
    chars += JSON.stringify(rows[i]).length + 1;
    if (chars > maxChars && i > start) break;
    i++;
  }
  return i;
}

/** Keeps the worker awake (and shows the page is still there) while a long write runs. */
const PING_MS = 5_000;

export async function restoreThroughBackground(
  backup: BackupData,
  options: { mode: RestoreMode; restoreSettings: boolean; chunkRows?: number; chunkChars?: number },
  onProgress?: (p: RestoreProgress) => void,
): Promise<{ outcome: RestoreOutcome; settingsRestored: boolean; timings: RestoreTimings }> {
  const port = browser.runtime.connect({ name: RESTORE_PORT_NAME });
  const chunk = options.chunkRows ?? RESTORE_CHUNK_ROWS;
  let waiting: { resolve: (m: RestoreServerMessage) => void; reject: (e: Error) => void } | null = null;
  let closed: Error | null = null;

  port.onMessage.addListener((message: unknown) => {
    const m = message as RestoreServerMessage;
    if (m?.type === 'pong') return;
    const w = waiting;
    waiting = null;
    w?.resolve(m);
  });
  port.onDisconnect.addListener(() => {
    closed = new RestoreFailedError([{ path: '', message: 'the connection to Handlebook closed before the restore finished; nothing was restored' }]);
    const w = waiting;
    waiting = null;
    w?.reject(closed);
  });

  const ask = (message: RestoreClientMessage): Promise<RestoreServerMessage> =>
    new Promise((resolve, reject) => {
      if (closed) {
        reject(closed);
        return;
      }
      waiting = { resolve, reject };
      port.postMessage(message);
    });
  const expectAck = async (message: RestoreClientMessage): Promise<void> => {
    const reply = await ask(message);
    if (reply.type === 'error') throw new RestoreFailedError(reply.errors);
    if (reply.type !== 'ack') throw new RestoreFailedError([{ path: '', message: 'unexpected answer from Handlebook' }]);
  };

  const total = BACKUP_TABLES.reduce((n, t) => n + backup[t].length, 0);
  const ping = setInterval(() => {
    if (!closed) port.postMessage({ type: 'ping' } satisfies RestoreClientMessage);
  }, PING_MS);
  try {
    await expectAck({
      type: 'begin',
      mode: options.mode,
      counts: { customers: backup.customers.length, interactions: backup.interactions.length, templates: backup.templates.length, packs: backup.packs.length },
      ...(options.restoreSettings ? { settings: backup.settings } : {}),
    });
    let sent = 0;
    onProgress?.({ sent, total, phase: 'sending' });
    for (const table of BACKUP_TABLES) {
      const rows = backup[table] as readonly unknown[];
      let offset = 0;
      while (offset < rows.length) {
        const end = chunkEnd(rows, offset, chunk, options.chunkChars ?? CHUNK_CHARS);
        const part = rows.slice(offset, end);
        await expectAck({ type: 'rows', table, offset, rows: part });
        offset = end;
        sent += part.length;
        onProgress?.({ sent, total, phase: 'sending' });
      }
    }
    onProgress?.({ sent, total, phase: 'saving' });
    const reply = await ask({ type: 'commit' });
    if (reply.type === 'error') throw new RestoreFailedError(reply.errors);
    if (reply.type !== 'done') throw new RestoreFailedError([{ path: '', message: 'unexpected answer from Handlebook' }]);
    return { outcome: reply.outcome, settingsRestored: reply.settingsRestored, timings: reply.timings };
  } finally {
    clearInterval(ping);
    try {
      port.disconnect();
    } catch {
      // already closed
    }
  }
}
