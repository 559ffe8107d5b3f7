// docs/pack.schema.json is generated from the zod schema. This test fails when the committed
// file is stale. To regenerate it:
//   UPDATE_SCHEMA=1 npx vitest run tests/unit/packs/json-schema.test.ts
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PACK_LIMITS } from '../../../lib/packs/format';
import { parsePack } from '../../../lib/packs/pack-file';
import { buildPackJsonSchema, PACK_JSON_SCHEMA_PATH } from '../../../lib/packs/json-schema';

const file = resolve(__dirname, '../../..', PACK_JSON_SCHEMA_PATH);
const REGENERATE = 'UPDATE_SCHEMA=1 npx vitest run tests/unit/packs/json-schema.test.ts';

type Json = Record<string, unknown>;

describe('docs/pack.schema.json', () => {
  const generated = `${JSON.stringify(buildPackJsonSchema(), null, 2)}\n`;

  it('is up to date with the zod schema', () => {
    if (process.env.UPDATE_SCHEMA) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, generated);
    }
    const committed = existsSync(file) ? readFileSync(file, 'utf8') : '';
    expect(committed === generated, `${PACK_JSON_SCHEMA_PATH} is out of date; regenerate it with: ${REGENERATE}`).toBe(true);
  });

  it('describes the format: draft 2020-12, strict objects, every limit', () => {
    const schema = buildPackJsonSchema() as Json;
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBeTypeOf('string');
    expect(schema.title).toBe('Handlebook pack');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['format', 'version', 'id', 'name', 'templates']);
    const props = schema.properties as Record<string, Json>;
    expect(props.format).toMatchObject({ const: 'handlebook-pack' });
    expect(props.version).toMatchObject({ const: 1 });
    expect(props.id).toMatchObject({ maxLength: PACK_LIMITS.maxIdLength, pattern: '^[a-z0-9]+(?:[-_][a-z0-9]+)*$' });
    expect(props.name).toMatchObject({ maxLength: PACK_LIMITS.maxNameLength, minLength: 1 });
    expect(props.updatedAt).toMatchObject({ format: 'date-time' });
    const templates = props.templates!;
    expect(templates.maxItems).toBe(PACK_LIMITS.maxTemplates);
    const item = templates.items as Json;
    expect(item.additionalProperties).toBe(false);
    expect(item.required).toEqual(['id', 'title', 'body']);
    const t = item.properties as Record<string, Json>;
    expect(t.title).toMatchObject({ maxLength: PACK_LIMITS.maxTitleLength });
    expect(t.body).toMatchObject({ maxLength: PACK_LIMITS.maxBodyLength });
    expect(t.folder).toMatchObject({ maxLength: PACK_LIMITS.maxFolderLength });
    expect(t.tags).toMatchObject({ maxItems: PACK_LIMITS.maxTags, items: { maxLength: PACK_LIMITS.maxTagLength } });
    expect(t.lang).toMatchObject({ maxLength: PACK_LIMITS.maxLangLength });
    // The shortcut pattern allows one leading ";" and at most 40 characters after it.
    const shortcut = new RegExp(String(t.shortcut!.pattern), 'u');
    expect(shortcut.test(`;${'a'.repeat(40)}`)).toBe(true);
    expect(shortcut.test('a'.repeat(41))).toBe(false);
    expect(shortcut.test(';;a')).toBe(false);
    expect(shortcut.test('a b')).toBe(false);
  });
});

describe('docs/packs.md', () => {
  it('its example pack is valid', () => {
    const doc = readFileSync(resolve(__dirname, '../../../docs/packs.md'), 'utf8');
    const example = /```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const result = parsePack(example ?? '');
    expect(result.ok, JSON.stringify(result)).toBe(true);
  });
});
