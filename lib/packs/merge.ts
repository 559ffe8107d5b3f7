// Applying a pack to the local template library: what is new, what changed upstream, where a
// local edit meets an upstream change, and what the pack dropped.
//
// Pure functions over plain data: the caller reads the templates, shows the plan (and asks
// about conflicts), then writes `put`/`delete` in ONE Dexie transaction, so an import either
// lands completely or not at all. Nothing here touches the database, the clock or randomness
// (`now` and `newId` are passed in), which keeps it deterministic and testable.
//
// The one rule everything follows: never lose a local edit. A template whose `source.edited`
// is true is never overwritten without an explicit "take theirs", and never deleted: when its
// pack drops it (or the person unsubscribes) it stays as a normal template, detached from the
// pack. The template editor must therefore set `source.edited = true` whenever it saves a change
// to a pack template's content; that flag, not a content comparison, decides what is an edit.

import type { Template, TemplateSource } from '../db/types';
import { hashTemplateContent } from './content-hash';
import { charCount, PACK_LIMITS, type PackFile, type PackTemplate } from './format';

/**
 * - `new`: no local copy yet; it will be added.
 * - `unchanged`: nothing to bring in: the pack's version was already applied (a local edit, if
 *   any, stays), or the local copy already has exactly the pack's content.
 * - `changed`: the pack changed the template and the local copy was not edited; it will be updated.
 * - `conflict`: the pack changed the template and the local copy was edited to something else;
 *   the person chooses (see `ConflictResolution`), and the default keeps their edit.
 */
export type ImportStatus = 'new' | 'unchanged' | 'changed' | 'conflict';

export type PlanItem =
  | { status: 'new'; upstream: PackTemplate; upstreamHash: string }
  | { status: 'unchanged' | 'changed' | 'conflict'; upstream: PackTemplate; upstreamHash: string; local: Template };

export interface ImportPlan {
  packId: string;
  /** One entry per pack template, in pack order. */
  items: PlanItem[];
  /**
   * Local templates of this pack that the pack no longer has. Unedited ones will be deleted,
   * edited ones kept and detached. (A second local copy of the same upstream template, which
   * should not exist, is listed here too so it gets cleaned up the same way.)
   */
  removedUpstream: Template[];
  counts: Record<ImportStatus | 'removedUpstream', number>;
}

/**
 * - `keep-mine`: keep the local text; the template stays linked to the pack and flagged
 *   `upstreamChanged` so the list can show "the pack has a newer version". The new upstream
 *   hash is recorded, so the same pack version does not ask again.
 * - `take-theirs`: replace the local text with the pack's; the local edit is gone.
 * - `keep-both`: the local copy becomes an ordinary template titled "... (mine)" (no longer
 *   linked to the pack), and the pack's version is added as a new linked template.
 */
export type ConflictResolution = 'keep-mine' | 'take-theirs' | 'keep-both';

export const DEFAULT_CONFLICT_RESOLUTION: ConflictResolution = 'keep-mine';

export interface TemplateWrites {
  /** Rows to write whole (new ones and updated ones). Fresh objects; inputs are not mutated. */
  put: Template[];
  /** Ids of rows to delete. */
  delete: string[];
}

const MINE_SUFFIX = ' (mine)';

function isEdited(t: Template): boolean {
  return t.source?.edited === true;
}

/** Compares a pack with the local templates. `local` may be every template; others are ignored. */
export function planPackImport(pack: PackFile, local: readonly Template[]): ImportPlan {
  const planner = new PackImportPlanner(pack, local);
  const items = planner.items(0, pack.templates.length);
  const removedUpstream = planner.removedUpstream();
  return { packId: pack.id, items, removedUpstream, counts: planner.counts };
}

/**
 * The comparison behind planPackImport: `items(from, to)` plans `pack.templates[from, to)`,
 * slices in order, each once; `removedUpstream()` comes after the last slice. `counts` covers
 * what was planned so far.
 */
class PackImportPlanner {
  readonly counts: ImportPlan['counts'] = { new: 0, unchanged: 0, changed: 0, conflict: 0, removedUpstream: 0 };
  /** Local copies of this pack by upstream id. */
  private readonly byUpstream = new Map<string, Template>();
  private readonly extras: Template[] = [];
  private readonly ofPack: Template[];
  private readonly inPack = new Set<string>();

  constructor(
    private readonly pack: PackFile,
    local: readonly Template[],
  ) {
    // If two copies claim the same upstream template (only a bug could cause that), the oldest
    // is the copy; the others count as removed.
    this.ofPack = local
      .filter((t) => t.source?.packId === pack.id)
      .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const t of this.ofPack) {
      const upstreamId = t.source?.upstreamId ?? '';
      if (this.byUpstream.has(upstreamId)) this.extras.push(t);
      else this.byUpstream.set(upstreamId, t);
    }
  }

  items(from: number, to: number): PlanItem[] {
    const items: PlanItem[] = [];
    const templates = this.pack.templates;
    for (let i = from; i < Math.min(to, templates.length); i++) {
      const upstream = templates[i]!;
      // parsePack guarantees unique ids; a hand-built PackFile with duplicates uses the first.
      if (this.inPack.has(upstream.id)) continue;
      this.inPack.add(upstream.id);
      const upstreamHash = hashTemplateContent(upstream);
      const copy = this.byUpstream.get(upstream.id);
      const item: PlanItem = copy?.source
        ? { status: classify(copy, copy.source, upstreamHash), upstream, upstreamHash, local: copy }
        : { status: 'new', upstream, upstreamHash };
      this.counts[item.status]++;
      items.push(item);
    }
    return items;
  }

  removedUpstream(): Template[] {
    const extraSet = new Set(this.extras);
    const removed = [...this.ofPack.filter((t) => !extraSet.has(t) && !this.inPack.has(t.source?.upstreamId ?? '')), ...this.extras];
    this.counts.removedUpstream = removed.length;
    return removed;
  }
}

function classify(local: Template, source: TemplateSource, upstreamHash: string): Exclude<ImportStatus, 'new'> {
  // Same content as the pack now has: nothing to bring in, whatever the history.
  if (hashTemplateContent(local) === upstreamHash) return 'unchanged';
  // The pack still has the version last applied: a local edit (if any) simply stands.
  if (source.upstreamHash === upstreamHash) return 'unchanged';
  return source.edited === true ? 'conflict' : 'changed';
}

function isResolution(v: unknown): v is ConflictResolution {
  return v === 'keep-mine' || v === 'take-theirs' || v === 'keep-both';
}

/**
 * Turns a plan and the person's choices into exactly the rows to write and delete.
 * `resolutions` is keyed by upstream template id; a conflict without a (valid) choice keeps the
 * local edit. Choices for templates that are not in conflict are ignored.
 */
export function applyImportPlan(
  plan: ImportPlan,
  resolutions: Readonly<Record<string, ConflictResolution>>,
  now: number,
  newId: () => string,
): TemplateWrites {
  const writes: TemplateWrites = { put: [], delete: [] };
  applyPlanItems(plan.packId, plan.items, resolutions, now, newId, writes);
  applyRemovals(plan.removedUpstream, writes);
  return writes;
}

/** The rows for some of a plan's items (applyImportPlan), added to `into`. */
function applyPlanItems(
  packId: string,
  items: readonly PlanItem[],
  resolutions: Readonly<Record<string, ConflictResolution>>,
  now: number,
  newId: () => string,
  into: TemplateWrites,
): void {
  const put = into.put;
  const sourceFor = (upstream: PackTemplate, upstreamHash: string): TemplateSource => ({
    packId,
    upstreamId: upstream.id,
    upstreamHash,
    edited: false,
  });
  const addNew = (upstream: PackTemplate, upstreamHash: string): void => {
    put.push(
      withContent(
        { id: newId(), title: '', body: '', tags: [], usageCount: 0, createdAt: now, updatedAt: now, source: sourceFor(upstream, upstreamHash) },
        upstream,
        now,
      ),
    );
  };

  for (const item of items) {
    if (item.status === 'new') {
      addNew(item.upstream, item.upstreamHash);
      continue;
    }
    const { local, upstream, upstreamHash } = item;
    switch (item.status) {
      case 'unchanged': {
        // Only bookkeeping can be stale: the local text equals the pack's, so drop the edit and
        // upstream-changed flags and record the current hash.
        const s = local.source;
        const sameContent = hashTemplateContent(local) === upstreamHash;
        if (sameContent && s && (s.upstreamHash !== upstreamHash || s.edited || s.upstreamChanged !== undefined)) {
          put.push({ ...copyTemplate(local), source: sourceFor(upstream, upstreamHash) });
        }
        break;
      }
      case 'changed':
        put.push({ ...withContent(copyTemplate(local), upstream, now), source: sourceFor(upstream, upstreamHash) });
        break;
      case 'conflict': {
        const choice = Object.prototype.hasOwnProperty.call(resolutions, upstream.id) ? resolutions[upstream.id] : undefined;
        const resolution = isResolution(choice) ? choice : DEFAULT_CONFLICT_RESOLUTION;
        if (resolution === 'take-theirs') {
          put.push({ ...withContent(copyTemplate(local), upstream, now), source: sourceFor(upstream, upstreamHash) });
        } else if (resolution === 'keep-both') {
          put.push(detachAsMine(local, upstream, now));
          addNew(upstream, upstreamHash);
        } else {
          // The local text stays and stays an override of the (new) pack version.
          put.push({
            ...copyTemplate(local),
            source: { ...sourceFor(upstream, upstreamHash), edited: true, upstreamChanged: true },
          });
        }
        break;
      }
    }
  }
}

/** The rows for the plan's removed templates: unedited ones deleted, edited ones detached. */
function applyRemovals(removedUpstream: readonly Template[], into: TemplateWrites): void {
  for (const t of removedUpstream) {
    if (isEdited(t)) into.put.push(detachTemplate(t));
    else into.delete.push(t.id);
  }
}

/**
 * Unsubscribing from a pack: its unedited templates go, edited ones stay as ordinary templates
 * (detached), because they hold the person's own work.
 */
export function planUnsubscribe(packId: string, local: readonly Template[]): { delete: string[]; detach: Template[] } {
  const del: string[] = [];
  const detach: Template[] = [];
  for (const t of local) {
    if (t.source?.packId !== packId) continue;
    if (isEdited(t)) detach.push(detachTemplate(t));
    else del.push(t.id);
  }
  return { delete: del, detach };
}

/** A copy of `t` without its pack link. */
export function detachTemplate(t: Template): Template {
  const copy = copyTemplate(t);
  delete copy.source;
  return copy;
}

/** Shallow copy with its own tags array, so callers can never mutate the input through it. */
function copyTemplate(t: Template): Template {
  return { ...t, tags: [...t.tags] };
}

/** `base` with the pack template's content. Absent optional fields are removed, not kept. */
function withContent(base: Template, upstream: PackTemplate, now: number): Template {
  const t: Template = { ...base, title: upstream.title, body: upstream.body, tags: upstream.tags ? [...upstream.tags] : [], updatedAt: now };
  delete t.shortcut;
  delete t.folder;
  delete t.lang;
  if (upstream.shortcut !== undefined) t.shortcut = upstream.shortcut;
  if (upstream.folder !== undefined) t.folder = upstream.folder;
  if (upstream.lang !== undefined) t.lang = upstream.lang;
  return t;
}

/**
 * The local side of "keep both": detached, titled "... (mine)". If it has the same shortcut as
 * the pack's version, it gets "<shortcut>-mine" so typing the shortcut stays unambiguous (the
 * pack's version keeps the shortcut the team documents).
 */
function detachAsMine(local: Template, upstream: PackTemplate, now: number): Template {
  const t = detachTemplate(local);
  t.title = withSuffix(local.title, MINE_SUFFIX, PACK_LIMITS.maxTitleLength);
  if (t.shortcut !== undefined && t.shortcut === upstream.shortcut) {
    t.shortcut = withSuffix(t.shortcut, '-mine', PACK_LIMITS.maxShortcutLength);
  }
  t.updatedAt = now;
  return t;
}

/** `text + suffix`, cutting `text` so the result stays within `max` characters. */
function withSuffix(text: string, suffix: string, max: number): string {
  const room = max - charCount(suffix);
  if (charCount(text) <= room) return text + suffix;
  return Array.from(text).slice(0, room).join('') + suffix;
}
