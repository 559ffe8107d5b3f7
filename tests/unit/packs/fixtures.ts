// Shared builders for the pack tests: a valid pack as a plain object, and as text.
import type { Template } from '../../../lib/db/types';

export function validPackObject(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    format: 'handlebook-pack',
    version: 1,
    id: 'acme-support',
    name: 'Acme support',
    description: 'Replies for the Acme support team',
    author: 'Dana',
    updatedAt: '2025-01-31T09:00:00Z',
    templates: [
      {
        id: 'shipping-delay',
        title: 'Shipping delay',
        body: 'Hi {{first_name}}, your order is on its way.',
        shortcut: ';ship',
        folder: 'Shipping',
        tags: ['shipping', 'delay'],
        lang: 'en',
      },
      { id: 'refund', title: 'Refund', body: 'We have refunded your order.' },
    ],
    ...overrides,
  };
}

export function packText(obj: unknown): string {
  return JSON.stringify(obj, null, 2);
}

/** A pack whose first template has `fields` merged in (`undefined` deletes a field). */
export function packWithTemplate(fields: Record<string, unknown>): string {
  const pack = validPackObject();
  const templates = pack.templates as Record<string, unknown>[];
  const first = { ...templates[0], ...fields };
  for (const [k, v] of Object.entries(fields)) if (v === undefined) delete first[k];
  templates[0] = first;
  return packText(pack);
}

let counter = 0;
export function localTemplate(fields: Partial<Template> = {}): Template {
  counter++;
  return {
    id: `local-${counter}`,
    title: 'Title',
    body: 'Body',
    tags: [],
    usageCount: 0,
    createdAt: 1000 + counter,
    updatedAt: 1000 + counter,
    ...fields,
  };
}
