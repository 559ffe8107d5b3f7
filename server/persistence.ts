// Persistence of Yjs documents: each document's whole state as bytes (bytea), keyed by
// document name, loaded on first open and stored (merged) after changes.
//
// What "a crash loses nothing acknowledged" rests on (read from @hocuspocus/server 4.7.0,
// MessageReceiver.readSyncMessage + Hocuspocus.handleDocumentUpdate):
//
// - The server acknowledges an update (the SyncStatus message that brings the provider's
//   `unsyncedChanges` back to 0) right after applying it to the in-memory Y.Doc, BEFORE it
//   is stored: storing runs later, debounced (1 s after the last change, at most ~5 s
//   after the first unstored one, see storeDebounceMs/storeMaxDebounceMs). So an ack means
//   "the server has it in memory and has sent it to the other connected members", not
//   "it is on disk".
// - What the server guarantees: every update it acknowledged is stored within ~5 s unless the
//   process dies first; a graceful stop (SIGINT/SIGTERM, stop()) stores every loaded
//   document before exiting; a store never overwrites (it merges with what is stored, see
//   Storage.storeDocument), so an instance with a stale or partial copy cannot erase what
//   another stored. A failed store (database down) is logged and retried by the next change
//   or disconnect; until then the clients' copies below are what holds the change.
// - What covers a crash (SIGKILL, power loss) inside that window: the client. Its Y.Doc (the
//   extension keeps it in IndexedDB) still holds every change it made, acknowledged or not,
//   and on reconnect the Yjs sync handshake (the server answers the provider's SyncStep1
//   with its own SyncStep1) makes the client send whatever the server's state vector lacks.
//   So a crash loses an acknowledged change only if the author's own copy is lost too
//   before it reconnects. Other members that received it also carry it and re-send it.
import type { Extension, onLoadDocumentPayload, onStoreDocumentPayload } from '@hocuspocus/server';
import * as Y from 'yjs';
import { membersDocumentName, teamIdOfDocument } from '../lib/team/server-api';
import { applyMembers } from './members-doc';
import type { Storage } from './storage';

export function persistenceExtension(storage: Storage, log: (line: string) => void): Extension {
  return {
    extensionName: 'HandlebookPersistence',

    async onLoadDocument({ documentName, document }: onLoadDocumentPayload) {
      const state = await storage.loadDocument(documentName);
      // Applied before Hocuspocus starts listening to the document's updates, so loading does
      // not schedule a store.
      if (state) Y.applyUpdate(document, state);
      // The members document is a projection of the members table: bring it up to date on
      // every load, so a member whose join or revocation was written to SQL but not yet
      // stored in the document (crash in between) still shows correctly.
      const teamId = teamIdOfDocument(documentName);
      if (teamId && documentName === membersDocumentName(teamId)) {
        applyMembers(document, await storage.listMembers(teamId));
      }
    },

    async onStoreDocument({ documentName, document }: onStoreDocumentPayload) {
      try {
        await storage.storeDocument(documentName, Y.encodeStateAsUpdate(document), Date.now());
      } catch (error) {
        // Rethrown so Hocuspocus skips afterStoreDocument and does not unload the document.
        log(`error: storing document ${documentName}: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      }
    },
  };
}
