// What a word is to the canned-reply picker's search (lib/text/fuzzy.ts): text folded to lower
// case without accents, split into letter and digit runs; for ranking by the post being replied
// to, only the meaningful ones (no stop words in English, Spanish, French or German, no numbers,
// no one- or two-letter words), crudely stemmed.

// Letters that do not decompose under NFD.
const FOLD: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ð: 'd', ł: 'l', þ: 'th', ı: 'i' };
const FOLD_CHARS = /[ßæœøđðłþı]/g;
const MARKS = /\p{M}+/gu;
const NON_ASCII = /[^\x00-\x7f]/;

/** Lower-cases and strips accents so "Résumé" and "resume" compare equal. */
export function normalizeForSearch(text: string): string {
  const lower = text.toLowerCase();
  if (!NON_ASCII.test(lower)) return lower;
  return lower.normalize('NFD').replace(MARKS, '').replace(FOLD_CHARS, (ch) => FOLD[ch] ?? ch);
}

const WORD = /[\p{L}\p{N}]+/gu;

const STOP_WORDS = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both but by can ' +
    'could did do does doing down during each few for from further had has have having he her here hers herself him himself his ' +
    'how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our ours ' +
    'ourselves out over own same she should so some such than that the their theirs them themselves then there these they this ' +
    'those through to too under until up very was we were what when where which while who whom why will with would you your ' +
    'yours yourself yourselves im ive id dont cant wont didnt doesnt isnt arent wasnt hi hello hey thanks thank please pls ' +
    'yes yeah ok okay get got also still really one two like know want need us via amp rt ' +
    'el la los las de del que y en un una por con para es al lo se le les et des du une est pour pas ' +
    'der die das und ist nicht ein eine zu mit von den im'
  ).split(' '),
);

/** Crude stemming so "refunds", "refunded" and "refunding" meet "refund". */
function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 4 && word.endsWith('es') && !word.endsWith('ses')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

export const URL_OR_MENTION = /https?:\/\/\S+|www\.\S+|[@＠]\w+/giu;
const DIGITS = /^\d+$/;

/** Words (letter/digit runs) of normalised text; a plain loop for ASCII, which is most text. */
export function wordsOf(normalized: string): string[] {
  if (NON_ASCII.test(normalized)) return normalized.match(WORD) ?? [];
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= normalized.length; i++) {
    const c = i < normalized.length ? normalized.charCodeAt(i) : 32;
    const wordChar = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
    if (wordChar && start === -1) start = i;
    else if (!wordChar && start !== -1) {
      words.push(normalized.slice(start, i));
      start = -1;
    }
  }
  return words;
}

/** The meaningful ones among words: no stop words, numbers or one- and two-letter words; stemmed. */
export function meaningful(words: readonly string[]): string[] {
  const out: string[] = [];
  for (const word of words) {
    if (word.length < 3 || STOP_WORDS.has(word) || DIGITS.test(word)) continue;
    out.push(stem(word));
  }
  return out;
}
