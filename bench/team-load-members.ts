// One process of the load run's simulated members (bench/team-load.ts starts several, so the
// members' own work is spread over both cores like the browsers it stands for). Each member is
// a Node client of the real provider behaving as the extension's worker does (lib/team/team-sync.ts):
//
// - one socket; the team's index document open with awareness (presence);
// - every customer document kept in memory (the stored book); a document the index says changed,
//   and whose state lacks something, is attached to fetch the difference, and detached again
//   after LINGER_MS without news (the worker's linger);
// - every WRITE_EVERY_MS it adds a note to the customer it is working on (applyCustomerEdit, the
//   extension's own mapping), and every SWITCH_EVERY writes it moves to another customer, which
//   changes its presence (replying to that customer), as a person's reply box does.
//
// What it measures: for every note written by someone else that reaches this member, now − the
// note's createdAt (wall clock, shared by the processes of one machine), and for every change of
// another member's presence it sees, now − the state's `at`. Run as
// `tsx bench/team-load-members.ts <input.json> <output.json>`: it prints "ready" once its members'
// books are complete, then waits for "go <startAt> <stopAt>" (wall-clock ms) on its input.
import { readFileSync, writeFileSync } from 'node:fs';
import type { HocuspocusProvider } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { applyCustomerEdit, LOCAL_EDIT, NOTES, readCustomerDoc } from '../lib/team/customer-doc';
import { customerDocName, INDEX_MAP, indexDocumentName } from '../lib/team/doc-names';
import { covers } from '../lib/team/doc-store';
import { AwarenessPresence } from '../lib/team/presence';
import { attachDoc, memberSocket } from '../tests/e2e/support/team-seed';

export interface LoadInput {
  teamId: string;
  members: { wsUrl: string; token: string; memberId: string; name: string }[];
  /** Customer keys and handles of the team (seeded before). */
  customers: { key: string; handle: string }[];
  writeEveryMs: number;
  switchEvery: number;
}

export interface LoadOutput {
  /** ms from a note's writing to its arrival, every arrival at every member of this process. */
  propagationMs: number[];
  /** ms from a presence change to another member seeing it. */
  presenceMs: number[];
  /** [customer key, note id] of every note written here and acknowledged by the server. */
  written: [string, string][];
  /**
   * [customer key, note id] of the notes whose document the server had not acknowledged when the
   * run's settling time was over: a backlog, not a loss (the extension keeps such changes in its
   * database and sends them again; this process only stops), so they are not counted as lost.
   */
  unacknowledged: [string, string][];
  /** Documents with changes still unacknowledged after the settling time, before they were opened again. */
  unacknowledgedAtFirst: number;
  errors: string[];
}

const LINGER_MS = 10_000;
/** How long, once the writing stops, the members wait for the server to acknowledge the rest. */
const SETTLE_MS = 30_000;
const now = () => performance.timeOrigin + performance.now();

class LoadMember {
  private readonly socket;
  private readonly docs = new Map<string, Y.Doc>();
  private readonly attached = new Map<string, { provider: HocuspocusProvider; synced: Promise<void>; acked: () => Promise<void>; idle?: ReturnType<typeof setTimeout> }>();
  private readonly index;
  private readonly presence: AwarenessPresence;
  private readonly lastSeen = new Map<string, string>();
  written: [string, string][] = [];

  constructor(
    private readonly input: LoadInput,
    private readonly me: LoadInput['members'][number],
    private readonly out: LoadOutput,
  ) {
    this.socket = memberSocket(me.wsUrl);
    this.index = attachDoc(this.socket, me.token, indexDocumentName(input.teamId), { awareness: true });
    const awareness = this.index.provider.awareness!;
    this.presence = new AwarenessPresence(awareness, { memberId: me.memberId, name: me.name }, now);
    awareness.on('change', ({ added, updated }: { added: number[]; updated: number[] }) => {
      const t = now();
      for (const id of [...added, ...updated]) {
        const state = awareness.getStates().get(id) as { memberId?: string; replying?: string[]; at?: number } | undefined;
        if (!state?.memberId || state.memberId === me.memberId || typeof state.at !== 'number') continue;
        const replying = (state.replying ?? []).join(',');
        if (this.lastSeen.get(state.memberId) === replying) continue;
        // The first state seen of a member is not a change this run made.
        if (this.lastSeen.has(state.memberId)) this.out.presenceMs.push(t - state.at);
        this.lastSeen.set(state.memberId, replying);
      }
    });
    this.index.doc.getMap<Uint8Array>(INDEX_MAP).observe((event) => {
      for (const key of event.keysChanged) this.maybeFetch(key);
    });
  }

  /** The index synced and every customer it names fetched (the member's book is complete). */
  async ready(): Promise<void> {
    await this.index.synced;
    for (const key of this.index.doc.getMap<Uint8Array>(INDEX_MAP).keys()) this.maybeFetch(key);
    await Promise.all([...this.attached.values()].map((o) => o.synced));
    // Present, replying to nobody: the run's first change of it is then a change to measure.
    this.presence.set({ replying: [], viewing: [] });
  }

  private docOf(key: string): Y.Doc {
    let doc = this.docs.get(key);
    if (!doc) {
      doc = new Y.Doc();
      this.docs.set(key, doc);
      doc.getMap<Y.Map<unknown>>(NOTES).observe((event, tx) => {
        if (tx.local) return;
        const t = now();
        // News keeps an attached document open, as in the worker (its flush opens and releases
        // every document news arrived in, which starts the linger again). Closing busy documents
        // 10 s after their fetch made every member fetch them again: an auth and a sync each.
        if (this.attached.get(key)?.idle) this.attach(key);
        for (const [id, change] of event.changes.keys) {
          if (change.action !== 'add') continue;
          const createdAt = event.target.get(id)?.get('createdAt');
          if (typeof createdAt === 'number' && id.startsWith('load-')) this.out.propagationMs.push(t - createdAt);
        }
      });
    }
    return doc;
  }

  /** Attached for LINGER_MS after its last use, as the worker keeps a fetched document. */
  private attach(key: string) {
    let open = this.attached.get(key);
    if (!open) {
      const a = attachDoc(this.socket, this.me.token, customerDocName(this.input.teamId, key), { doc: this.docOf(key) });
      open = { provider: a.provider, synced: a.synced, acked: a.acked };
      this.attached.set(key, open);
      a.synced.catch((error: Error) => this.out.errors.push(error.message));
    }
    clearTimeout(open.idle);
    const held = open;
    open.idle = setTimeout(() => {
      if (held.provider.hasUnsyncedChanges) return;
      held.provider.destroy();
      this.attached.delete(key);
    }, LINGER_MS);
    return open;
  }

  private maybeFetch(key: string): void {
    const vector = this.index.doc.getMap<Uint8Array>(INDEX_MAP).get(key);
    if (!(vector instanceof Uint8Array)) return;
    if (covers(Y.encodeStateVector(this.docOf(key)), vector)) return;
    this.attach(key);
  }

  async run(startAt: number, stopAt: number): Promise<void> {
    const { customers, writeEveryMs, switchEvery } = this.input;
    // Spread the members' writes over the second, as people's are.
    await sleepUntil(startAt + Math.random() * writeEveryMs);
    let current = customers[Math.floor(Math.random() * customers.length)]!;
    this.presence.set({ replying: [current.handle], viewing: [] });
    for (let n = 0; now() < stopAt; n++) {
      if (n > 0 && n % switchEvery === 0) {
        current = customers[Math.floor(Math.random() * customers.length)]!;
        this.presence.set({ replying: [current.handle], viewing: [] });
      }
      const tick = now();
      await this.write(current.key, n);
      await sleepUntil(tick + writeEveryMs);
    }
  }

  private async write(key: string, n: number): Promise<void> {
    const open = this.attach(key);
    await open.synced;
    const doc = this.docOf(key);
    const before = readCustomerDoc(doc, key).customer;
    if (!before) return void this.out.errors.push(`${key}: no record to write to`);
    const id = `load-${this.me.memberId}-${n}`;
    const t = now();
    const after = { ...before, notes: [...before.notes, { id, text: `Load note ${n} by ${this.me.name}`, createdAt: t, updatedAt: t }], updatedAt: Math.round(t) };
    doc.transact(() => applyCustomerEdit(doc, { key, before, after }, this.me.name), LOCAL_EDIT);
    this.written.push([key, id]);
  }

  /** Waits (up to `ms`) for the server to acknowledge what this member wrote; returns the keys it did not. */
  async settle(ms: number): Promise<Set<string>> {
    const open = [...this.attached.entries()];
    const acked = await Promise.all(open.map(([, o]) => Promise.race([o.acked().then(() => true), sleep(ms).then(() => false)])));
    return new Set(open.filter((_, i) => !acked[i]).map(([key]) => key));
  }

  /**
   * Opens each of `keys` again (a new provider on the same document), as the extension's worker
   * does at its next connection with the changes its outbox still holds; returns the keys whose
   * changes the server still had not acknowledged `ms` later.
   */
  async reattach(keys: Set<string>, ms: number): Promise<Set<string>> {
    const again = [...keys].map((key) => {
      const old = this.attached.get(key);
      if (old) {
        clearTimeout(old.idle);
        old.provider.destroy();
        this.attached.delete(key);
      }
      return [key, this.attach(key)] as const;
    });
    const acked = await Promise.all(again.map(([, o]) => Promise.race([o.synced.then(() => o.acked()).then(() => true), sleep(ms).then(() => false)])));
    return new Set(again.filter((_, i) => !acked[i]).map(([key]) => key));
  }

  stop(): void {
    for (const open of this.attached.values()) {
      clearTimeout(open.idle);
      open.provider.destroy();
    }
    this.presence.stop();
    this.index.provider.destroy();
    this.socket.destroy();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const sleepUntil = (t: number) => sleep(t - now());

async function main(): Promise<void> {
  const [inputPath, outputPath] = process.argv.slice(2);
  const input = JSON.parse(readFileSync(inputPath!, 'utf8')) as LoadInput;
  const out: LoadOutput = { propagationMs: [], presenceMs: [], written: [], unacknowledged: [], unacknowledgedAtFirst: 0, errors: [] };
  const members = input.members.map((m) => new LoadMember(input, m, out));
  await Promise.all(members.map((m) => m.ready()));
  process.stdout.write('ready\n');
  const [startAt, stopAt] = await new Promise<number[]>((resolve) => {
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk: string) => {
      const go = /go (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)/.exec(chunk);
      if (go) resolve([Number(go[1]), Number(go[2])]);
    });
  });
  await Promise.all(members.map((m) => m.run(startAt!, stopAt!)));
  const waited = await Promise.all(members.map((m) => m.settle(SETTLE_MS)));
  out.unacknowledgedAtFirst = waited.reduce((sum, keys) => sum + keys.size, 0);
  const unacked = await Promise.all(members.map((m, i) => m.reattach(waited[i]!, SETTLE_MS)));
  members.forEach((m, i) => {
    for (const note of m.written) (unacked[i]!.has(note[0]) ? out.unacknowledged : out.written).push(note);
  });
  // Arrivals still coming in for a moment after the writing stopped are counted too.
  await sleep(2_000);
  for (const m of members) m.stop();
  out.propagationMs = out.propagationMs.map((v) => Math.round(v * 10) / 10);
  out.presenceMs = out.presenceMs.map((v) => Math.round(v * 10) / 10);
  writeFileSync(outputPath!, JSON.stringify(out));
  process.exit(0);
}

if (process.argv[1]?.endsWith('team-load-members.ts')) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
