/**
 * Names of the team's documents beyond the members document (server-api.ts), shared by the
 * server and the extension.
 *
 * `<teamId>/customer/<key>`: one customer of the team's book (lib/team/customer-doc.ts).
 *
 * The team's index document, `<teamId>/index`: which customers changed, for members who were
 * not watching. The server writes it (every client is read-only on it): a Y.Map named INDEX_MAP,
 * customer key -> the Yjs state vector of `<teamId>/customer/<key>` after its last change. A
 * member whose stored copy of a customer does not cover that vector fetches the customer's
 * document (lib/team/team-sync.ts).
 */
export const INDEX_MAP = 'customers';

/** The team's canned replies (lib/team/replies-doc.ts). */
export function repliesDocumentName(teamId: string): string {
  return `${teamId}/replies`;
}

export function indexDocumentName(teamId: string): string {
  return `${teamId}/index`;
}

export function customerDocName(teamId: string, key: string): string {
  return `${teamId}/customer/${key}`;
}

/** The team and customer key of `<teamId>/customer/<key>`, or null for any other document. */
export function customerKeyOfDocument(documentName: string): { teamId: string; key: string } | null {
  const match = /^([^/]+)\/customer\/(.+)$/.exec(documentName);
  return match ? { teamId: match[1]!, key: match[2]! } : null;
}
