/** A random id for notes, interactions and templates (UUID v4 from the platform). */
export function newId(): string {
  return crypto.randomUUID();
}
