import { foldText, foldWord, WORD } from '../server/src/fold';
import { queryWords, snippetOf } from '../server/src/query';

const START = '\u0002';
const STOP = '\u0003';
const words = (text: string) => text.match(WORD) ?? [];

describe('search folding', () => {
  test('Danish letters are spelled out, Latin accents dropped, case folded', () => {
    expect(['Sǿren', 'Ǻrhus', 'Læsecafé', 'LÆSECAFÉ', 'laesecafe', 'Åbenrå', 'Sønderborg', 'Œuvre', 'Straße', 'Łódź', 'Iğdır', 'İzmir', 'Crème'].map(foldWord)).toEqual([
      'soeren',
      'aarhus',
      'laesecafe',
      'laesecafe',
      'laesecafe',
      'aabenraa',
      'soenderborg',
      'oeuvre',
      'strasse',
      'lodz',
      'igdir',
      'izmir',
      'creme',
    ]);
  });

  test('other scripts keep their letters and marks (only Latin accents are dropped)', () => {
    for (const word of ['مكتبة', 'кафé', 'бібліотека', 'کتابخانه', 'لائبریری']) expect(foldWord(word)).toBe(word.normalize('NFC').toLowerCase().replace('é', 'e'));
  });

  test('a text and its folded copy have the same words in the same order, whatever the script', () => {
    const text = 'Læsecaféen i Brønderslev: «Crème brûlée» & e\u0301n ÆBLEKAGE — مكتبة, бібліотека, Łódź; 2026-12-04 kl. 10.00';
    const folded = foldText(text);
    expect(words(folded)).toHaveLength(words(text.normalize('NFC')).length);
    expect(words(folded).slice(0, 4)).toEqual(['laesecafeen', 'i', 'broenderslev', 'creme']);
    expect(foldText(null)).toBeNull();
  });

  test("a query's words are folded as the index is, each once", () => {
    expect(queryWords('Læsecafé "laesecafe" & ÅBENRÅ:*')).toEqual(['laesecafe', 'aabenraa']);
  });
});

describe('snippets cut from the text as written (PostgreSQL)', () => {
  /** What ts_headline gives with HighlightAll: the folded text, these folded words marked. */
  const marked = (text: string, matches: string[]) => foldText(text).replace(WORD, (word) => (matches.includes(word) ? `${START}${word}${STOP}` : word));
  const html = (snippet: string) => snippet.replaceAll(START, '[').replaceAll(STOP, ']');

  test('marks the words of the text that match in the folded copy', () => {
    const text = 'Hver torsdag mødes læsere i caféen på biblioteket.';
    expect(html(snippetOf(text, marked(text, ['moedes', 'cafeen'])))).toBe('Hver torsdag [mødes] læsere i [caféen] på biblioteket.');
  });

  test('words left out of the marked copy (HTML tags turned into spaces), and marks inside a word, do not shift the marks', () => {
    const text = 'Børn lærer <script>alert(1)</script> & programmere i kodeklubben.';
    const fromHeadline = `boern laerer   alert(1)   & pro${START}grammere${STOP} i kodeklubben.`;
    expect(html(snippetOf(text, fromHeadline))).toBe('Børn lærer <script>alert(1)</script> & [programmere] i kodeklubben.');
  });

  test('up to two fragments of 30 words around the matches; the first 30 words when only the title matched', () => {
    const text = Array.from({ length: 200 }, (_, index) => `ord${index}`).join(' ');
    const snippet = html(snippetOf(text, marked(text, ['ord50', 'ord52', 'ord150', 'ord190'])));
    expect(snippet.split(' … ')).toHaveLength(2);
    expect(snippet.startsWith('ord44 ')).toBe(true);
    expect(snippet).toContain('[ord50] ord51 [ord52]');
    expect(snippet).toContain('[ord150]');
    expect(snippet).not.toContain('ord190');
    expect(words(snippet.split(' … ')[0])).toHaveLength(30);
    expect(html(snippetOf(text, foldText(text)))).toBe(text.split(' ').slice(0, 30).join(' '));
    expect(snippetOf('', '')).toBe('');
  });
});
