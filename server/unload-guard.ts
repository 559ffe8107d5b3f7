// Hocuspocus (4.7) unloads a document that lost its last connection in two steps: it checks
// that nobody is connected, runs the beforeUnloadDocument hooks, checks again and then drops
// the document. A connection opened meanwhile is handed the loaded document a few microtasks
// before it registers on it; when those microtasks interleave with the second check (two
// storage results resolved in one turn of the event loop do that), the document is dropped
// anyway and the new connection lives on the dropped copy: it syncs once, then hears of no
// change again, and what it sends is stored by nobody. Waiting one macrotask before the second
// check lets every connection that already took the document register first.
import type { Extension } from '@hocuspocus/server';

export function unloadGuard(): Extension {
  return {
    beforeUnloadDocument: () => new Promise<void>((resolve) => setImmediate(resolve)),
  };
}
