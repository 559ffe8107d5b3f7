// The picker's word index in flat typed arrays (lib/text/fuzzy.ts builds two of them: the words
// of every template, and the meaningful words for ranking by context).

/**
 * Word -> templates, in compressed-row form: word w occurs in templates
 * entries[offsets[w] .. offsets[w + 1]) with field weights weights[same range].
 */
export interface Postings {
  ids: ReadonlyMap<string, number>;
  words: readonly string[];
  offsets: Int32Array;
  entries: Int32Array;
  weights: Uint8Array;
}

/**
 * Builds Postings from (word, template, weight) triples added template by template, keeping one
 * posting per word and template (the highest weight). Flat typed arrays: ~400,000 triples for
 * 10,000 templates would otherwise mean as many small arrays for the garbage collector.
 */
export class PostingsBuilder {
  private readonly ids = new Map<string, number>();
  private readonly words: string[] = [];
  private lastEntry = new Int32Array(1024).fill(-1);
  private lastToken = new Int32Array(1024);
  private tokenWord = new Int32Array(4096);
  private tokenEntry = new Int32Array(4096);
  private tokenWeight = new Uint8Array(4096);
  private count = 0;

  add(word: string, entry: number, weight: number): void {
    let id = this.ids.get(word);
    if (id === undefined) {
      id = this.words.length;
      this.ids.set(word, id);
      this.words.push(word);
      if (id >= this.lastEntry.length) {
        this.lastEntry = grow(this.lastEntry, id + 1, -1);
        this.lastToken = grow(this.lastToken, id + 1, 0);
      }
    }
    if (this.lastEntry[id] === entry) {
      const token = this.lastToken[id]!;
      if (weight > this.tokenWeight[token]!) this.tokenWeight[token] = weight;
      return;
    }
    if (this.count === this.tokenWord.length) {
      this.tokenWord = grow(this.tokenWord, this.count + 1, 0);
      this.tokenEntry = grow(this.tokenEntry, this.count + 1, 0);
      this.tokenWeight = grow(this.tokenWeight, this.count + 1, 0);
    }
    this.lastEntry[id] = entry;
    this.lastToken[id] = this.count;
    this.tokenWord[this.count] = id;
    this.tokenEntry[this.count] = entry;
    this.tokenWeight[this.count] = weight;
    this.count++;
  }

  build(): Postings {
    const offsets = new Int32Array(this.words.length + 1);
    for (let t = 0; t < this.count; t++) offsets[this.tokenWord[t]! + 1]!++;
    for (let w = 0; w < this.words.length; w++) offsets[w + 1]! += offsets[w]!;
    const fill = offsets.slice(0, this.words.length);
    const entries = new Int32Array(this.count);
    const weights = new Uint8Array(this.count);
    // Tokens arrive template by template, so each word's postings come out in template order.
    for (let t = 0; t < this.count; t++) {
      const at = fill[this.tokenWord[t]!]!++;
      entries[at] = this.tokenEntry[t]!;
      weights[at] = this.tokenWeight[t]!;
    }
    return { ids: this.ids, words: this.words, offsets, entries, weights };
  }
}

function grow<A extends Int32Array | Uint8Array>(array: A, minLength: number, fillValue: number): A {
  const next = new (array.constructor as new (length: number) => A)(Math.max(minLength, array.length * 2));
  next.set(array);
  if (fillValue !== 0) next.fill(fillValue, array.length);
  return next;
}
