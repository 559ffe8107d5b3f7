// Writes tests/fixtures/db/v<N>.json: a database created by the CURRENT schema version through
// the real repositories, dumped table by table. Run it once when a schema version ships
// (`npx tsx scripts/make-db-fixture.ts`) and commit the file; older fixtures are never
// regenerated: the migration tests open each one with the latest schema.
import 'fake-indexeddb/auto';
import { writeFileSync } from 'node:fs';
import { HandlebookDatabase } from '../lib/db/database';
import { addNote, observeAccount, updateCustomer } from '../lib/db/customers';
import { logIncoming, logOutgoing, markHandled } from '../lib/db/interactions';
import { assignCustomer } from '../lib/db/assignments';
import { saveTemplate } from '../lib/db/templates';
import { LATEST_VERSION } from '../lib/db/schema-history';
import { writeTemplates } from '../lib/db/template-store';

const db = new HandlebookDatabase('fixture');
const t0 = Date.UTC(2026, 10, 1, 9, 0, 0);
const minute = 60_000;

await addNote(db, { handle: 'mara_okafor' }, 'Mara Okafor', 'Bag arrived split; third time this year.', t0);
await updateCustomer(db, { handle: 'mara_okafor' }, 'Mara Okafor', { tags: ['VIP', 'damaged'], status: 'open', fields: { order_id: 'NW-48213', email: 'mara@example.com' } }, t0 + minute);
await observeAccount(db, { handle: 'mara_okafor', userId: '1588201144712359936' }, { followers: 1234 }, t0 + 2 * minute);
await logIncoming(db, { ref: { handle: 'mara_okafor' }, displayName: 'Mara Okafor', tweetId: '1896210000104857700', text: 'Can I get a refund?', tweetedAt: t0 + 3 * minute, openCase: true }, t0 + 4 * minute);
const template = await saveTemplate(db, { title: 'Replacement', body: 'So sorry {{first_name}}! A replacement ships today.', shortcut: 'replace', folder: 'Orders', tags: ['damaged'], lang: 'en' }, t0 + 5 * minute);
await logOutgoing(db, { ref: { handle: 'mara_okafor', userId: '1588201144712359936' }, displayName: 'Mara Okafor', inReplyToId: '1896210000104857700', inReplyToText: 'Can I get a refund?', text: 'So sorry Mara! A replacement ships today.', templateId: template.id }, t0 + 20 * minute);
await addNote(db, { handle: 'dtanaka_jp' }, '田中 大輔', '日本語のメモ 👍🏽 and a multi\nline note', t0 + 30 * minute);
await writeTemplates(db, { put: [{ ...template, id: 'pack-template', title: 'From a pack', shortcut: 'pack', source: { packId: 'team-voice', upstreamId: 'hello', upstreamHash: 'abc123', edited: true, upstreamChanged: true } }], delete: [] });
await db.packs.put({ id: 'team-voice', name: 'Team voice', subscriptionUrl: 'https://packs.example.com/team.json', etag: '"v7"', lastCheckedAt: t0, lastSuccessAt: t0, templateCount: 1, importedAt: t0 });
await db.settings.put({ key: 'lastBackupAt', value: t0 });
// Since version 9: a tweet marked handled without a reply, a case with an owner.
await logIncoming(db, { ref: { handle: 'dtanaka_jp' }, displayName: '田中 大輔', tweetId: '1896210000104857701', text: 'ありがとう！', tweetedAt: t0 + 31 * minute, openCase: true }, t0 + 32 * minute);
await markHandled(db, { ref: { handle: 'dtanaka_jp' }, displayName: '田中 大輔', tweetId: '1896210000104857701', tweetText: 'ありがとう！' }, t0 + 33 * minute);
await assignCustomer(db, { handle: 'mara_okafor', userId: '1588201144712359936' }, 'Mara Okafor', { member: 'm-ana', name: 'Ana' }, 'Ana', t0 + 34 * minute);

const dump: Record<string, unknown[]> = {};
for (const table of db.tables) dump[table.name] = await table.toArray();
const path = `tests/fixtures/db/v${LATEST_VERSION}.json`;
writeFileSync(path, `${JSON.stringify({ version: LATEST_VERSION, tables: dump }, null, 2)}\n`);
console.log(`wrote ${path}`);
