/**
 * Which of the team's documents have changes from the team not yet written into the local book.
 *
 * A round of the sync takes the marks, writes those documents into the book (an IndexedDB
 * transaction: several turns of the event loop) and then clears them. A change that arrives in
 * between marks its document again, and must stay marked: cleared with the rest, it would be in
 * the document (and soon in the stored state, which then covers the team's index) but never in
 * the book. So each mark carries the arrival it stands for, and a round clears only the marks
 * it took, unchanged.
 */
export class ArrivalMarks {
  private readonly marks = new Map<string, number>();
  private arrivals = 0;

  mark(name: string): void {
    this.marks.set(name, ++this.arrivals);
  }

  has(name: string): boolean {
    return this.marks.has(name);
  }

  get size(): number {
    return this.marks.size;
  }

  /** Up to `limit` marked names, with what each mark stood for when taken. */
  take(limit = Infinity): Map<string, number> {
    const taken = new Map<string, number>();
    for (const [name, arrival] of this.marks) {
      if (taken.size >= limit) break;
      taken.set(name, arrival);
    }
    return taken;
  }

  /** Clears the marks `take` returned, except those a later arrival renewed. */
  clear(taken: ReadonlyMap<string, number>): void {
    for (const [name, arrival] of taken) if (this.marks.get(name) === arrival) this.marks.delete(name);
  }
}
