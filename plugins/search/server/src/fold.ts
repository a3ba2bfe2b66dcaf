/**
 * Folding for search: what a reader types without Danish letters or accents finds the text with
 * them, and the other way round. "laesecafe", "Læsecafé" and "LÆSECAFÉ" are all "laesecafe".
 *
 * Both sides are folded: the index keeps a folded copy of each text (the full-text index is built
 * from it, the original is what snippets show) and the words of a query are folded before they
 * are matched. Danish stemming (PostgreSQL) runs on the folded text on both sides, so it still
 * finds "bibliotek" for "bibliotekerne".
 */

/** Letters written as two in Danish (æ ø å) and letters with no accent to drop (ł, ı, ß …), lower case. */
const SPELLED_OUT: Record<string, string> = {
  æ: 'ae',
  ø: 'oe',
  å: 'aa',
  ǽ: 'ae',
  ǿ: 'oe',
  ǻ: 'aa',
  œ: 'oe',
  ß: 'ss',
  ł: 'l',
  ı: 'i',
  đ: 'd',
  ð: 'd',
  þ: 'th',
};
const SPELLED_OUT_PATTERN = new RegExp(`[${Object.keys(SPELLED_OUT).join('')}]`, 'g');

/** A word as the index and the queries see it: lower case, æ ø å spelled out, Latin accents dropped. */
export function foldWord(word: string): string {
  const folded = word
    .normalize('NFC')
    .toLowerCase()
    .replace(SPELLED_OUT_PATTERN, (letter) => SPELLED_OUT[letter])
    .normalize('NFD')
    .replace(/(\p{Script=Latin})\p{M}+/gu, '$1')
    .normalize('NFC');
  return folded === '' ? word : folded;
}

/** A word of the text: letters, digits and the marks on them (any script). */
export const WORD = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * The folded copy of a text: each word folded, everything between the words kept as it is. A text
 * and its copy have the same words in the same order, so the n-th word matched in the copy is the
 * n-th word of the text (SQLite's snippets and PostgreSQL's highlights rely on it).
 */
export function foldText(text: string): string;
export function foldText(text: string | null): string | null;
export function foldText(text: string | null): string | null {
  return text === null ? null : text.normalize('NFC').replace(WORD, foldWord);
}
