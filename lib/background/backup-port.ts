import { RESTORE_PORT_NAME, RestoreSession, type RestoreSessionDeps } from '../backup/session';
import type { HandlerContext } from './handlers';
import { classifySender, type SenderInfo } from './sender';
import type { RouterIdentity } from './router';

/** The minimal part of a runtime.Port the restore uses (a fake one in tests). */
export interface RestorePort {
  name: string;
  sender?: SenderInfo;
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(cb: (message: unknown) => void): void };
  onDisconnect: { addListener(cb: () => void): void };
}

/**
 * Answers a restore port from one of our extension pages (checked exactly like the router
 * checks messages: content scripts and other extensions are refused and disconnected).
 * Returns false when the port is not a restore port or not allowed.
 */
export function handleRestorePort(
  port: RestorePort,
  identity: RouterIdentity,
  ctx: HandlerContext,
  deps: Omit<RestoreSessionDeps, 'db'>,
): boolean {
  if (port.name !== RESTORE_PORT_NAME) return false;
  const access = classifySender(port.sender ?? {}, identity.extensionId, identity.extensionOrigin);
  if (access !== 'extension') {
    port.disconnect();
    return false;
  }
  // The session is made once the worker knows which book is in use (a port can be what started
  // the worker, before it read the team membership).
  let session: RestoreSession | undefined;
  let open = true;
  // Messages are handled one at a time, in order: a chunk is validated before the next is read.
  let queue: Promise<void> = Promise.resolve(ctx.ready).then(() => {
    const teamName = ctx.team?.teamName();
    session = new RestoreSession({ ...deps, db: ctx.db, ...(teamName !== undefined ? { teamName } : {}) });
    if (!open) session.abort();
  });
  port.onMessage.addListener((message) => {
    queue = queue.then(async () => {
      const reply = await session!.handle(message);
      if (reply && open) {
        try {
          port.postMessage(reply);
        } catch {
          open = false;
        }
      }
    });
  });
  port.onDisconnect.addListener(() => {
    open = false;
    session?.abort();
  });
  return true;
}
