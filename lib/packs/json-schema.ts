// The JSON Schema of the pack format, for team leads' editors and CI checks. It is generated from
// the same zod schema `parsePack` uses, so the two cannot drift; docs/pack.schema.json is the
// committed copy and a unit test fails when it is out of date (regenerate with
// `UPDATE_SCHEMA=1 npx vitest run tests/unit/packs/json-schema.test.ts`).
//
// The schema catches the same mistakes as Handlebook except two that JSON Schema cannot
// express: duplicate template ids, and the 5 MB file size limit.

import { z } from 'zod';
import { packSchema, PACK_LIMITS } from './format';

/** Where the committed schema lives, relative to the repository root. */
export const PACK_JSON_SCHEMA_PATH = 'docs/pack.schema.json';

/** A URN rather than a URL: the schema is not published at a stable address (yet). */
export const PACK_JSON_SCHEMA_ID = 'urn:handlebook:pack-format:1';

export function buildPackJsonSchema(): Record<string, unknown> {
  // `io: 'input'` describes the file as written (a shortcut may still start with ";"), not the
  // parsed result. Hand-written checks (character counts, patterns) are carried by `.meta` on
  // each field, since zod cannot turn a custom refinement into JSON Schema.
  const generated = z.toJSONSchema(packSchema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'throw' }) as Record<
    string,
    unknown
  >;
  const { $schema, title, description, ...rest } = generated;
  return {
    $schema,
    $id: PACK_JSON_SCHEMA_ID,
    title: title ?? 'Handlebook pack',
    description: `${String(description ?? '')} Template ids must be unique within a pack and the file must be at most ${
      PACK_LIMITS.maxFileBytes / (1024 * 1024)
    } MB; Handlebook checks both, this schema cannot.`,
    ...rest,
  };
}
