// Shared helpers for the import / subscription tests.
import { HandlebookDatabase } from '@/lib/db/database';
import type { Pack, Template } from '@/lib/db/types';
import type { Change, HandlerContext } from '@/lib/background/handlers';
import type { SenderInfo } from '@/lib/background/sender';
import { readAllTemplates } from '@/lib/db/template-store';

let n = 0;

export function freshDb(prefix = 'packs-import'): HandlebookDatabase {
  return new HandlebookDatabase(`${prefix}-${n++}-${Math.random().toString(36).slice(2)}`);
}

export const identity = { extensionId: 'ext-id', extensionOrigin: 'chrome-extension://ext-id/' };
export const pageSender: SenderInfo = { id: 'ext-id', url: 'chrome-extension://ext-id/dashboard.html', tab: { id: 2 } };
export const contentSender: SenderInfo = { id: 'ext-id', url: 'https://x.com/home', tab: { id: 1, url: 'https://x.com/home' } };

export function context(db: HandlebookDatabase, now = () => 5_000): { ctx: HandlerContext; changes: Change[] } {
  const changes: Change[] = [];
  return { ctx: { db, now, changed: (c) => changes.push(c), version: '0.0.0' }, changes };
}

export const msg = (type: string, payload: unknown) => ({ handlebook: 1, type, payload });

export function packJson(templates: Record<string, unknown>[], fields: Record<string, unknown> = {}): string {
  return JSON.stringify({ format: 'handlebook-pack', version: 1, id: 'acme', name: 'Acme replies', templates, ...fields });
}

/** Everything in the template (as stored and as read), pack and settings tables, for "nothing changed" assertions. */
export async function snapshot(db: HandlebookDatabase): Promise<{ templates: Template[]; blocks: unknown[]; packs: Pack[]; settings: unknown[] }> {
  return {
    templates: await readAllTemplates(db),
    blocks: await db.templateBlocks.orderBy('id').toArray(),
    packs: await db.packs.orderBy('id').toArray(),
    settings: await db.settings.orderBy('key').toArray(),
  };
}

let idCounter = 0;
export const seqId = () => `t-${String(++idCounter).padStart(6, '0')}`;
