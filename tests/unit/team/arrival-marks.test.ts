import { describe, expect, it } from 'vitest';
import { ArrivalMarks } from '@/lib/team/arrival-marks';

describe('arrival marks', () => {
  it('clears what a round took', () => {
    const marks = new ArrivalMarks();
    marks.mark('a');
    marks.mark('b');
    marks.clear(marks.take());
    expect(marks.size).toBe(0);
  });

  it('keeps a document marked when a change arrived while the round wrote it', () => {
    const marks = new ArrivalMarks();
    marks.mark('a');
    marks.mark('b');
    const taken = marks.take();
    marks.mark('a'); // arrives during the round's transaction
    marks.clear(taken);
    expect(marks.has('a')).toBe(true);
    expect(marks.has('b')).toBe(false);
  });

  it('keeps a document first marked during the round', () => {
    const marks = new ArrivalMarks();
    marks.mark('a');
    const taken = marks.take();
    marks.mark('c');
    marks.clear(taken);
    expect([marks.has('a'), marks.has('c')]).toEqual([false, true]);
  });

  it('takes at most the limit, oldest marks first, and leaves the rest', () => {
    const marks = new ArrivalMarks();
    for (const name of ['a', 'b', 'c']) marks.mark(name);
    const taken = marks.take(2);
    expect([...taken.keys()]).toEqual(['a', 'b']);
    marks.clear(taken);
    expect([marks.size, marks.has('c')]).toEqual([1, true]);
  });
});
