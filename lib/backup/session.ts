// The restore conversation between an extension page and the background, over one port.
//
// Chrome caps a message at 64 MiB, and a big book is larger, so the page streams the validated
// rows in chunks; the worker checks every chunk again (the port is a boundary like any
// message), keeps them in memory, and only at `commit` writes everything in ONE transaction.
// A port that closes before `commit` writes nothing. Each step is answered (`ack`), so the page
// sends the next chunk only when the previous one was accepted, and a problem stops the upload
// at once with the field's place (`interactions.120034.at`).
//
//   page → worker: begin {mode, counts, settings?} · rows {table, offset, rows} (in order) · commit · ping
//   worker → page: ack {received} · done {outcome} · error {errors} · pong

import * as z from 'zod/mini';
import type { HandlebookDatabase } from '../db/database';
import type { Settings } from '../settings/schema';
import { BACKUP_TABLES, checkConsistency, parseBackupSettings, parseRows, type BackupCounts, type BackupData, type BackupError, type BackupTable } from './format';
import { restoreBackup, type RestoreMode, type RestoreOutcome } from './restore';

export const RESTORE_PORT_NAME = 'handlebook-restore';
/** Rows per message the page sends (well under Chrome's 64 MiB message limit). */
export const RESTORE_CHUNK_ROWS = 5_000;
/** Rows per message the worker accepts. */
export const MAX_CHUNK_ROWS = 10_000;
/** Most rows one restore may hold in the worker's memory. */
export const MAX_RESTORE_ROWS = 5_000_000;

const count = z.number().check(z.int(), z.nonnegative());

export const restoreClientMessageSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('begin'),
    mode: z.enum(['replace', 'merge']),
    counts: z.object({ customers: count, interactions: count, templates: count, packs: count }),
    settings: z.optional(z.unknown()),
  }),
  z.object({
    type: z.literal('rows'),
    table: z.enum(BACKUP_TABLES),
    offset: count,
    rows: z.array(z.unknown()).check(z.maxLength(MAX_CHUNK_ROWS)),
  }),
  z.object({ type: z.literal('commit') }),
  z.object({ type: z.literal('ping') }),
]);
export type RestoreClientMessage = z.infer<typeof restoreClientMessageSchema>;

export type RestoreServerMessage =
  | { type: 'ack'; received: number }
  | { type: 'done'; outcome: RestoreOutcome; settingsRestored: boolean; timings: RestoreTimings }
  | { type: 'error'; errors: BackupError[] }
  | { type: 'pong' };

export interface RestoreSessionDeps {
  db: HandlebookDatabase;
  /** Writes the settings into storage.sync (after the database transaction succeeded). */
  saveSettings: (settings: Settings) => Promise<void>;
  /** Told after a successful restore (broadcast, alarms). */
  onRestored?: (outcome: RestoreOutcome, data: RestoreData) => void | Promise<void>;
  /**
   * The team whose book this is, in team mode: a backup may be merged into a team's book (every
   * row then reaches the team like any write) but not replace it (that would empty the book of
   * every member).
   */
  teamName?: string;
}

export type RestoreData = Pick<BackupData, BackupTable>;

/** Where a restore spent its time in the worker (ms), for diagnostics. */
export interface RestoreTimings {
  /** Checking the rows of every chunk as it arrived. */
  validateMs: number;
  /** From begin to commit (includes waiting for the page's chunks). */
  receiveMs: number;
  /** The one transaction. */
  writeMs: number;
}

type State = 'idle' | 'collecting' | 'committing' | 'done' | 'failed';

/** One restore: feed it the page's messages in order; it answers each. */
export class RestoreSession {
  private state: State = 'idle';
  private mode: RestoreMode = 'merge';
  private counts: BackupCounts = { customers: 0, interactions: 0, templates: 0, packs: 0 };
  private settings: Settings | undefined;
  private readonly data: RestoreData = { customers: [], interactions: [], templates: [], packs: [] };
  private readonly timings: RestoreTimings = { validateMs: 0, receiveMs: 0, writeMs: 0 };
  private beganAt = 0;

  constructor(private readonly deps: RestoreSessionDeps) {}

  /** Drops everything collected (the port closed): nothing was written. */
  abort(): void {
    if (this.state === 'collecting' || this.state === 'idle') this.state = 'failed';
    this.release();
  }

  private release(): void {
    for (const table of BACKUP_TABLES) this.data[table] = [];
  }

  private fail(errors: BackupError[]): RestoreServerMessage {
    this.state = 'failed';
    this.release();
    return { type: 'error', errors };
  }

  private received(): number {
    return BACKUP_TABLES.reduce((n, t) => n + this.data[t].length, 0);
  }

  async handle(raw: unknown): Promise<RestoreServerMessage | null> {
    const parsed = restoreClientMessageSchema.safeParse(raw);
    if (!parsed.success) return this.fail([{ path: '', message: 'the page sent a message the restore does not understand' }]);
    const msg = parsed.data;
    if (msg.type === 'ping') return { type: 'pong' };
    switch (msg.type) {
      case 'begin': {
        if (this.state !== 'idle') return this.fail([{ path: '', message: 'a restore can only begin once' }]);
        const total = BACKUP_TABLES.reduce((n, t) => n + msg.counts[t], 0);
        if (total > MAX_RESTORE_ROWS) return this.fail([{ path: 'counts', message: `a restore can hold at most ${MAX_RESTORE_ROWS.toLocaleString('en-US')} records` }]);
        if (msg.settings !== undefined) {
          const settings = parseBackupSettings(msg.settings);
          if (!settings.ok) return this.fail(settings.errors);
          this.settings = settings.settings;
        }
        if (msg.mode === 'replace' && this.deps.teamName !== undefined) {
          return this.fail([{ path: 'mode', message: `you are in the team "${this.deps.teamName}": a backup can be merged into the team's book, not replace it` }]);
        }
        this.mode = msg.mode;
        this.counts = msg.counts;
        this.state = 'collecting';
        this.beganAt = performance.now();
        return { type: 'ack', received: 0 };
      }
      case 'rows': {
        if (this.state !== 'collecting') return this.fail([{ path: '', message: 'rows arrived outside a restore' }]);
        const list = this.data[msg.table] as unknown[];
        if (msg.offset !== list.length) return this.fail([{ path: msg.table, message: `rows arrived out of order (expected ${list.length}, got ${msg.offset})` }]);
        if (list.length + msg.rows.length > this.counts[msg.table]) {
          return this.fail([{ path: msg.table, message: `more ${msg.table} arrived than announced (${this.counts[msg.table]})` }]);
        }
        const started = performance.now();
        const rows = parseRows(msg.table, msg.rows, msg.offset);
        this.timings.validateMs += performance.now() - started;
        if (!rows.ok) return this.fail(rows.errors);
        for (const row of rows.rows) list.push(row);
        return { type: 'ack', received: this.received() };
      }
      case 'commit': {
        if (this.state !== 'collecting') return this.fail([{ path: '', message: 'nothing to commit' }]);
        const problems = checkConsistency({ ...this.data, counts: this.counts });
        if (problems.length > 0) return this.fail(problems);
        this.state = 'committing';
        this.timings.receiveMs = performance.now() - this.beganAt;
        const writeStarted = performance.now();
        let outcome: RestoreOutcome;
        try {
          outcome = await restoreBackup(this.deps.db, this.data, this.mode);
          this.timings.writeMs = performance.now() - writeStarted;
        } catch (err) {
          return this.fail([{ path: '', message: `nothing was restored: ${err instanceof Error ? err.message : String(err)}` }]);
        }
        let settingsRestored = false;
        const errors: BackupError[] = [];
        if (this.settings) {
          try {
            await this.deps.saveSettings(this.settings);
            settingsRestored = true;
          } catch (err) {
            errors.push({ path: 'settings', message: `the data was restored but the settings could not be saved: ${err instanceof Error ? err.message : String(err)}` });
          }
        }
        const data = this.data;
        this.state = 'done';
        try {
          await this.deps.onRestored?.(outcome, data);
        } catch {
          // Broadcasting is best effort; the data is saved.
        }
        this.release();
        if (errors.length > 0) return { type: 'error', errors };
        const round = (n: number) => Math.round(n);
        return {
          type: 'done',
          outcome,
          settingsRestored,
          timings: { validateMs: round(this.timings.validateMs), receiveMs: round(this.timings.receiveMs), writeMs: round(this.timings.writeMs) },
        };
      }
    }
  }
}
