// The baseline for the timeline: an extension that does nothing but be there. Its content script
// runs on x.com like Handlebook's and returns at once. Streaming the same timeline with it
// shows what any content script costs X's page in this browser, before Handlebook does anything.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes the empty MV3 extension into a temporary folder and returns its path. */
export function writeEmptyExtension(): string {
  const dir = mkdtempSync(join(tmpdir(), 'handlebook-bench-empty-'));
  const manifest = {
    manifest_version: 3,
    name: 'Empty baseline',
    version: '1.0.0',
    // A worker too, as Handlebook has one (and launchWithExtension waits for it).
    background: { service_worker: 'worker.js' },
    content_scripts: [{ matches: ['https://x.com/*'], js: ['content.js'], run_at: 'document_idle' }],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, 'worker.js'), '// nothing\n');
  writeFileSync(join(dir, 'content.js'), '// nothing\n');
  return dir;
}
