// What the HTTP handlers need from the running server.
import type { MembersDocWriter } from '../members-doc';
import type { Revocations } from '../revocation';
import type { Storage } from '../storage';

export interface HttpContext {
  storage: Storage;
  membersDoc: MembersDocWriter;
  revocations: Revocations;
  adminToken: string;
  allowedOrigins: string[] | null;
  redis: boolean;
  log: (line: string) => void;
  /** The documents this instance holds in memory whose names start with `prefix` (and that
   *  `include` takes, when given), with their state now. */
  liveDocuments: (prefix: string, include?: (name: string) => boolean) => Map<string, Uint8Array>;
}
