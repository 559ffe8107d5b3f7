// server/unload-guard.ts: a connection that takes a document while Hocuspocus is unloading it
// keeps the live document. In process (the interleaving is one of microtasks, which a real
// server only meets by chance): the document loses its last connection, its unload starts, and
// a new connection asks for it before the unload's second check.
import { Hocuspocus, type Extension } from '@hocuspocus/server';
import { describe, expect, it } from 'vitest';
import { unloadGuard } from '../../server/unload-guard';

async function takenDuringUnload(extensions: Extension[]) {
  const hocuspocus = new Hocuspocus({ quiet: true, extensions });
  const first = await hocuspocus.openDirectConnection('team/customer/h:bob');
  const loaded = first.document!;
  loaded.removeDirectConnection(); // its last connection gone
  const unloading = hocuspocus.unloadDocument(loaded);
  const second = await hocuspocus.openDirectConnection('team/customer/h:bob');
  await unloading;
  return { loaded, second, current: hocuspocus.documents.get('team/customer/h:bob') };
}

describe('unload guard', () => {
  it('keeps a document loaded when a connection took it while it was unloading', async () => {
    const { loaded, second, current } = await takenDuringUnload([unloadGuard()]);
    expect(second.document).toBe(loaded);
    expect(current).toBe(loaded);
    expect(loaded.isDestroyed).toBe(false);
    // And a change through that connection is the live document's.
    await second.transact((doc) => doc.getMap('record').set('handle', 'bob'));
    expect(current!.getMap('record').get('handle')).toBe('bob');
  });

  it('is needed: without it the connection is left on a dropped copy (Hocuspocus 4.7)', async () => {
    const { second, current } = await takenDuringUnload([]);
    expect(second.document!.isDestroyed).toBe(true);
    expect(current).toBeUndefined();
  });
});
