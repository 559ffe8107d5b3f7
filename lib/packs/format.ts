// The pack file format, version 1: how a team shares canned replies as one JSON file. Its
// constants, limits and zod schemas; reading and writing the file is pack-file.ts's, the words
// of its messages pack-messages.ts's, the templates' content hash content-hash.ts's.
//
// Decisions worth knowing (docs/packs.md explains them for team leads):
// - Unknown fields are rejected, at the top level and in templates. The format is versioned: a
//   field this version does not know is either a typo (which would silently lose data if we
//   ignored it) or belongs to a newer format (which the version check reports). The single
//   exception is `$schema`, which editors add to get validation and completion; it is accepted
//   and kept but means nothing to Handlebook.
// - A shortcut may be written with one leading `;` (";ship") because that is how people type it;
//   the `;` is removed on parsing, since templates store shortcuts without it.
// - Length limits count characters (Unicode code points), like JSON Schema's maxLength, so an
//   emoji counts as one.
// - Tags cannot contain "," or ";" or start/end with a space, so they survive a CSV round trip.

import { z } from 'zod';
import { ownValue } from './json-text';
import { describeValue, plural, showValue, typeError, unknownFieldsMessage } from './pack-messages';

export type { PackError } from './json-text';

export const PACK_FORMAT = 'handlebook-pack';
export const PACK_FORMAT_VERSION = 1;

/** Every limit of the format in one place, so the docs, the CSV import and tests agree. */
export const PACK_LIMITS = {
  /** UTF-8 size of the whole file, checked before parsing. */
  maxFileBytes: 5 * 1024 * 1024,
  maxTemplates: 10_000,
  maxIdLength: 100,
  maxNameLength: 200,
  maxDescriptionLength: 2_000,
  maxAuthorLength: 200,
  maxSchemaUrlLength: 2_000,
  maxTitleLength: 200,
  maxBodyLength: 25_000,
  /** Not counting a leading `;`. */
  maxShortcutLength: 40,
  maxFolderLength: 100,
  maxTags: 50,
  maxTagLength: 50,
  maxLangLength: 35,
} as const;

/** Lower-case letters and digits, with single "-" or "_" between them: stable, URL-safe ids. */
export const SLUG_PATTERN = /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/;
/** "en", "pt-BR", "zh-Hant-TW": close enough to BCP 47 to catch mistakes without a registry. */
export const LANG_PATTERN = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;
/** No comma, semicolon or line break; no space at either end (see the header). */
export const TAG_PATTERN = /^[^,;\s](?:[^,;\t\n\r\f\v\u2028\u2029]*[^,;\s])?$/;

export const NOT_A_PACK_MESSAGE = 'this is not a Handlebook pack (format must be "handlebook-pack")';

export function newerVersionMessage(version: number): string {
  return `this pack was made by a newer Handlebook (format version ${version}); update Handlebook to import it`;
}

/**
 * Character count in code points, stopping early when it cannot exceed `max`: a string of
 * at most `max` UTF-16 units has at most `max` characters.
 */
export function charCount(s: string, max = -1): number {
  if (s.length <= max) return s.length;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    n++;
  }
  return n;
}

interface TextRule {
  field: string;
  max: number;
  /** For messages: "title must not be empty". Optional fields say how to leave them out. */
  optional?: boolean;
  pattern?: { re: RegExp; message: string };
  description: string;
}

/**
 * A text field with a character limit, a non-blank rule and an optional pattern. The checks are
 * written by hand (not zod's `.max`) so lengths count characters and messages read naturally;
 * `.meta` carries the same limits into the generated JSON Schema.
 */
function boundedText(rule: TextRule) {
  const { field, max, pattern, optional } = rule;
  return z
    .string({ error: typeError(field, 'text') })
    .superRefine((v, ctx) => {
      if (v.trim() === '') {
        ctx.addIssue({
          code: 'custom',
          message: optional ? `${field} must not be empty (leave the field out instead)` : `${field} must not be empty`,
        });
        return;
      }
      const len = charCount(v, max);
      if (len > max) {
        ctx.addIssue({ code: 'custom', message: `${field} must be at most ${plural(max, 'character')} (it has ${len.toLocaleString('en-US')})` });
        return;
      }
      if (pattern && !pattern.re.test(v)) ctx.addIssue({ code: 'custom', message: `${pattern.message} (it is ${showValue(v)})` });
    })
    .meta({
      description: rule.description,
      minLength: 1,
      maxLength: max,
      // Without a pattern of its own, "\S" (contains a non-space) expresses "not blank".
      pattern: pattern ? pattern.re.source : '\\S',
    });
}

const SLUG_MESSAGE = (field: string): string =>
  `${field} must use only lower-case letters a-z, digits, and single "-" or "_" between them (like "shipping-delay")`;

function slugField(field: string, description: string) {
  return boundedText({
    field,
    max: PACK_LIMITS.maxIdLength,
    pattern: { re: SLUG_PATTERN, message: SLUG_MESSAGE(field) },
    description,
  });
}

/**
 * The shortcut as written in the file: one optional leading `;`, then at most 40 characters
 * without whitespace. The output drops the `;` (templates store shortcuts without it).
 */
const shortcutSchema = z
  .string({ error: typeError('shortcut', 'text') })
  .superRefine((v, ctx) => {
    const bare = v.startsWith(';') ? v.slice(1) : v;
    let message: string | undefined;
    if (bare === '') message = 'shortcut must not be empty (leave the field out if the template has no shortcut)';
    else if (/\s/.test(bare)) message = 'shortcut must not contain spaces or line breaks';
    else if (bare.startsWith(';')) message = 'shortcut must not start with ";;" (write "ship" or ";ship")';
    else {
      const len = charCount(bare, PACK_LIMITS.maxShortcutLength);
      if (len > PACK_LIMITS.maxShortcutLength) {
        message = `shortcut must be at most ${PACK_LIMITS.maxShortcutLength} characters, not counting a leading ";" (it has ${len})`;
      }
    }
    if (message) ctx.addIssue({ code: 'custom', message });
  })
  .meta({
    description:
      'What the agent types after ";" to insert this reply, e.g. "ship". One leading ";" is allowed and removed. No whitespace.',
    pattern: `^;?[^\\s;]\\S{0,${PACK_LIMITS.maxShortcutLength - 1}}$`,
  })
  .transform((v) => (v.startsWith(';') ? v.slice(1) : v));

const tagSchema = boundedText({
  field: 'tag',
  max: PACK_LIMITS.maxTagLength,
  pattern: {
    re: TAG_PATTERN,
    message: 'tag must not contain "," or ";" or line breaks, and must not start or end with a space',
  },
  description: 'One tag. No "," or ";" (they separate tags in CSV files), no space at either end.',
});

/** One canned reply inside a pack. */
export const packTemplateSchema = z.strictObject(
  {
    id: slugField(
      'id',
      'Stable id of this template inside the pack; updates match templates by it, so never reuse or change it.',
    ),
    title: boundedText({ field: 'title', max: PACK_LIMITS.maxTitleLength, description: 'Name shown in the template list.' }),
    body: boundedText({
      field: 'body',
      max: PACK_LIMITS.maxBodyLength,
      description: 'The reply text. Placeholders like {{first_name}} are filled in when the reply is inserted.',
    }),
    shortcut: shortcutSchema.optional(),
    folder: boundedText({
      field: 'folder',
      max: PACK_LIMITS.maxFolderLength,
      optional: true,
      description: 'Folder to show the template in.',
    }).optional(),
    tags: z
      .array(tagSchema, { error: typeError('tags', 'a list of tags like ["billing", "urgent"]') })
      .max(PACK_LIMITS.maxTags, {
        error: (iss) =>
          `a template can have at most ${PACK_LIMITS.maxTags} tags (it has ${Array.isArray(iss.input) ? iss.input.length : 'more'})`,
      })
      .optional(),
    lang: boundedText({
      field: 'lang',
      max: PACK_LIMITS.maxLangLength,
      optional: true,
      pattern: { re: LANG_PATTERN, message: 'lang must be a language tag like "en" or "pt-BR"' },
      description: 'Language of the reply as a BCP 47 tag, e.g. "en" or "pt-BR".',
    }).optional(),
  },
  {
    error: (iss) => {
      if (iss.code === 'unrecognized_keys') return unknownFieldsMessage(iss.keys, 'template');
      if (iss.code === 'invalid_type') {
        return `each template must be an object like { "id": ..., "title": ..., "body": ... } (it is ${describeValue(iss.input)})`;
      }
      return undefined;
    },
  },
);

function duplicateIds(templates: unknown, ctx: z.RefinementCtx): void {
  if (!Array.isArray(templates)) return;
  const first = new Map<string, number>();
  templates.forEach((t: unknown, i) => {
    const id = ownValue(t, 'id');
    // Ids that are invalid anyway already have an error; a duplicate report would be noise.
    if (typeof id !== 'string' || !SLUG_PATTERN.test(id)) return;
    const firstIndex = first.get(id);
    if (firstIndex === undefined) first.set(id, i);
    else {
      ctx.addIssue({
        code: 'custom',
        path: [i, 'id'],
        message: `duplicate template id "${id}" (also used by templates.${firstIndex})`,
      });
    }
  });
}

/** The whole pack file, version 1. */
export const packSchema = z
  .strictObject(
    {
      $schema: boundedText({
        field: '$schema',
        max: PACK_LIMITS.maxSchemaUrlLength,
        optional: true,
        description: 'Optional link to this JSON Schema, for editors. Ignored by Handlebook.',
      }).optional(),
      format: z.literal(PACK_FORMAT, { error: () => NOT_A_PACK_MESSAGE }).meta({
        description: 'Always "handlebook-pack": tells Handlebook what this file is.',
      }),
      version: z
        .literal(PACK_FORMAT_VERSION, {
          error: (iss) => {
            const v = iss.input;
            if (v === undefined) return 'version is required';
            if (typeof v === 'number' && Number.isInteger(v) && v > PACK_FORMAT_VERSION) return newerVersionMessage(v);
            return `version must be the number ${PACK_FORMAT_VERSION} (it is ${showValue(v)})`;
          },
        })
        .meta({ description: 'Format version. This schema describes version 1.' }),
      id: slugField(
        'id',
        'Stable id of the pack, e.g. "acme-support". Templates imported from it remember it, so keep it when you publish updates.',
      ),
      name: boundedText({ field: 'name', max: PACK_LIMITS.maxNameLength, description: 'Name shown to agents.' }),
      description: boundedText({
        field: 'description',
        max: PACK_LIMITS.maxDescriptionLength,
        optional: true,
        description: 'What the pack is for.',
      }).optional(),
      author: boundedText({
        field: 'author',
        max: PACK_LIMITS.maxAuthorLength,
        optional: true,
        description: 'Who maintains the pack.',
      }).optional(),
      updatedAt: z.iso
        .datetime({
          offset: true,
          error: (iss) =>
            typeof iss.input === 'string'
              ? `updatedAt must be a date and time like "2025-01-31T09:00:00Z" (it is ${showValue(iss.input)})`
              : `updatedAt must be text like "2025-01-31T09:00:00Z" (it is ${describeValue(iss.input)})`,
        })
        .meta({ description: 'When the pack was last changed (ISO 8601 date and time with a time zone).' })
        .optional(),
      templates: z
        .array(packTemplateSchema, { error: typeError('templates', 'a list of templates ([ ... ])') })
        .max(PACK_LIMITS.maxTemplates, {
          error: (iss) =>
            `a pack can hold at most ${plural(PACK_LIMITS.maxTemplates, 'template')} (this one has ${
              Array.isArray(iss.input) ? iss.input.length.toLocaleString('en-US') : 'more'
            })`,
        })
        // Runs even when some templates are invalid so every duplicate is reported at once.
        .superRefine(duplicateIds, { when: (payload) => Array.isArray(payload.value) })
        .meta({ description: 'The templates. Template ids must be unique within the pack.' }),
    },
    {
      error: (iss) => {
        if (iss.code === 'unrecognized_keys') return unknownFieldsMessage(iss.keys, 'pack');
        if (iss.code === 'invalid_type') return `this is not a Handlebook pack (it is ${describeValue(iss.input)}, not an object)`;
        return undefined;
      },
    },
  )
  .meta({ title: 'Handlebook pack', description: 'A set of canned replies shared by a team (format version 1).' });

/** A parsed, validated pack file. (Named PackFile so it does not clash with the db `Pack` row.) */
export type PackFile = z.output<typeof packSchema>;
/** One template of a parsed pack file. */
export type PackTemplate = PackFile['templates'][number];
/** What a pack file may contain before parsing (a shortcut may still have its `;`). */
export type PackFileInput = z.input<typeof packSchema>;

