import type { HandlebookDatabase } from './database';
import { recordTemplateEdits, type WriteOrigin } from './team-outbox';
import type { Template } from './types';

/**
 * Canned replies are stored in blocks: rows of up to TEMPLATES_PER_BLOCK templates of one group
 * (one pack's templates, or the person's own), not one row per template. Chromium's IndexedDB
 * charges for every row written, whatever its size: 10,000 template rows took ~720 ms to write
 * raw, the same templates as 100 blocks ~80 ms, and reading them all back ~65 ms
 * (bench/README.md). A 10,000-reply pack import or restore is 100 writes instead of 10,000.
 *
 * This module is the only code that knows the layout; everything else reads and writes
 * `Template`s through it. A block's key is `<group>/<sequence>` (pack ids are slugs, never
 * containing `/`; the person's own group is ``), so a pack's blocks are one key range. Its
 * `ids` (multi-entry index) find the block of a template.
 */
export const TEMPLATES_PER_BLOCK = 100;

/** Up to this many templates, a write finds their blocks through the `ids` index (one cursor
 *  step per id); a bigger write reads every block instead, which is cheaper from here on. */
const FEW_IDS = 16;

const SEQUENCE_DIGITS = 6;

export interface TemplateBlock {
  /** `<group>/<sequence>`: the group is a pack id, or `` for the person's own templates. */
  id: string;
  /** The ids of `templates` (indexed, multi-entry). */
  ids: string[];
  templates: Template[];
}

export interface TemplateChanges {
  put: readonly Template[];
  delete: readonly string[];
  /** 'team' for what the team's replies document brought: not recorded to be sent back. */
  origin?: WriteOrigin;
}

/** The tables a transaction that writes templates must hold (writeTemplates' own). */
export function templateWriteTables(db: HandlebookDatabase) {
  return [db.templateBlocks, db.teamOutbox];
}

/** The group a template is stored in: its pack, or the person's own. */
export function groupOf(t: Template): string {
  return t.source?.packId ?? '';
}

function blockKey(group: string, sequence: number): string {
  return `${group}/${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`;
}

function groupOfBlock(id: string): string {
  return id.slice(0, id.lastIndexOf('/'));
}

function sequenceOfBlock(id: string): number {
  return Number(id.slice(id.lastIndexOf('/') + 1));
}

/** The key range of a group's blocks. */
function groupRange(group: string): [string, string] {
  return [`${group}/`, `${group}/\uffff`];
}

const byId = (a: Template, b: Template) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The templates of these blocks in id order, as the one-row-per-template table listed them. */
export function templatesOf(blocks: readonly TemplateBlock[]): Template[] {
  const out: Template[] = [];
  for (const block of blocks) for (const t of block.templates) out.push(t);
  return out.sort(byId);
}

/** Every template, in id order. */
export async function readAllTemplates(db: HandlebookDatabase): Promise<Template[]> {
  return templatesOf(await db.templateBlocks.toArray());
}

/** The templates of one pack, in id order. */
export async function readPackTemplates(db: HandlebookDatabase, packId: string): Promise<Template[]> {
  const [lower, upper] = groupRange(packId);
  return templatesOf(await db.templateBlocks.where('id').between(lower, upper, true, true).toArray());
}

/** The templates with these ids, in the same order (undefined where there is none). */
export async function getTemplates(db: HandlebookDatabase, ids: readonly string[]): Promise<(Template | undefined)[]> {
  if (ids.length === 0) return [];
  const found = new Map<string, Template>();
  for (const block of await db.templateBlocks.where('ids').anyOf([...ids]).toArray()) {
    for (const t of block.templates) found.set(t.id, t);
  }
  return ids.map((id) => found.get(id));
}

export async function getTemplate(db: HandlebookDatabase, id: string): Promise<Template | undefined> {
  return (await getTemplates(db, [id]))[0];
}

/** How many templates there are (the `ids` index holds one entry per template). */
export async function countTemplates(db: HandlebookDatabase): Promise<number> {
  return db.templateBlocks.orderBy('ids').count();
}

export async function clearTemplates(db: HandlebookDatabase): Promise<void> {
  await db.templateBlocks.clear();
}

/** A block being changed by writeTemplates: its templates by id, in a copy. */
interface WorkingBlock {
  id: string;
  templates: Map<string, Template>;
}

/**
 * Deletes `changes.delete`, then puts `changes.put` (a put replaces the template with the same
 * id, wherever it is stored; the last of several puts of one id wins), in one transaction (or
 * the caller's). A template stays in its block while its group is the same; one that changes
 * group (a pack removed, its edited replies kept as the person's own) moves. New ones fill the
 * group's last block, then new blocks. Only blocks that changed are written; an emptied block
 * is deleted.
 */
export async function writeTemplates(db: HandlebookDatabase, changes: TemplateChanges): Promise<void> {
  if (changes.put.length === 0 && changes.delete.length === 0) return;
  await db.transaction('rw', templateWriteTables(db), async () => {
    const puts = new Map<string, Template>(changes.put.map((t) => [t.id, t]));
    const ids = new Set([...changes.delete, ...puts.keys()]);
    const readEvery = ids.size > FEW_IDS;
    const loaded = readEvery ? await db.templateBlocks.toArray() : await db.templateBlocks.where('ids').anyOf([...ids]).toArray();

    const blocks = new Map<string, WorkingBlock>();
    const home = new Map<string, WorkingBlock>();
    const adopt = (block: TemplateBlock): WorkingBlock => {
      const known = blocks.get(block.id);
      if (known) return known;
      const working: WorkingBlock = { id: block.id, templates: new Map(block.templates.map((t) => [t.id, t])) };
      blocks.set(block.id, working);
      for (const id of working.templates.keys()) home.set(id, working);
      return working;
    };
    for (const block of loaded) adopt(block);
    const before = new Map([...ids].map((id) => [id, home.get(id)?.templates.get(id)]));

    const changed = new Set<WorkingBlock>();
    const remove = (id: string) => {
      const block = home.get(id);
      if (!block) return;
      block.templates.delete(id);
      home.delete(id);
      changed.add(block);
    };
    for (const id of changes.delete) remove(id);

    /** The group's block with the highest sequence: the one new templates fill. */
    const lastBlockOf = async (group: string): Promise<WorkingBlock | undefined> => {
      if (readEvery) {
        let last: WorkingBlock | undefined;
        for (const block of blocks.values()) if (groupOfBlock(block.id) === group && (!last || block.id > last.id)) last = block;
        return last;
      }
      const [lower, upper] = groupRange(group);
      const stored = await db.templateBlocks.where('id').between(lower, upper, true, true).last();
      return stored ? adopt(stored) : undefined;
    };

    const appends = new Map<string, Template[]>();
    for (const t of puts.values()) {
      const block = home.get(t.id);
      if (block && groupOfBlock(block.id) === groupOf(t)) {
        block.templates.set(t.id, t);
        changed.add(block);
        continue;
      }
      remove(t.id);
      const list = appends.get(groupOf(t)) ?? [];
      list.push(t);
      appends.set(groupOf(t), list);
    }

    for (const [group, list] of appends) {
      let last = await lastBlockOf(group);
      let sequence = last ? sequenceOfBlock(last.id) : -1;
      for (const t of list) {
        if (!last || last.templates.size >= TEMPLATES_PER_BLOCK) {
          sequence += 1;
          last = { id: blockKey(group, sequence), templates: new Map() };
          blocks.set(last.id, last);
        }
        last.templates.set(t.id, t);
        changed.add(last);
      }
    }

    const emptied = [...changed].filter((b) => b.templates.size === 0).map((b) => b.id);
    const kept = [...changed].filter((b) => b.templates.size > 0);
    if (emptied.length > 0) await db.templateBlocks.bulkDelete(emptied);
    if (kept.length > 0) await db.templateBlocks.bulkPut(kept.map((b) => ({ id: b.id, ids: [...b.templates.keys()], templates: [...b.templates.values()] })));
    await recordTemplateEdits(
      db,
      // Deletes come first, so a template both deleted and put ends as put.
      [...ids].map((id) => ({ id, before: before.get(id), after: puts.get(id) })),
      changes.origin,
    );
  });
}

/** Blocks of `templates`, for writing them whole (the schema upgrade). */
export function templateBlocksOf(templates: Iterable<Template>): TemplateBlock[] {
  const groups = new Map<string, Template[]>();
  for (const t of templates) {
    const list = groups.get(groupOf(t)) ?? [];
    list.push(t);
    groups.set(groupOf(t), list);
  }
  const out: TemplateBlock[] = [];
  for (const [group, list] of groups) {
    for (let from = 0, sequence = 0; from < list.length; from += TEMPLATES_PER_BLOCK, sequence++) {
      const slice = list.slice(from, from + TEMPLATES_PER_BLOCK);
      out.push({ id: blockKey(group, sequence), ids: slice.map((t) => t.id), templates: slice });
    }
  }
  return out;
}
