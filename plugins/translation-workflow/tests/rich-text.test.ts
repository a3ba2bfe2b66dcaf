import { blocksToSegments, type Block } from '../server/src/rich-text';

const text = (value: string, marks: Record<string, boolean> = {}) => ({ type: 'text' as const, text: value, ...marks });
const paragraph = (...children: any[]): Block => ({ type: 'paragraph', children });

/** A stand-in translator: upper-cases the words, keeps the tags exactly. */
const shout = (segment: string) =>
  segment
    .split(/(<[^<>]*>|&[a-z]+;)/)
    .map((part, index) => (index % 2 === 1 ? part : part.toUpperCase()))
    .join('');

/** All the text of some blocks, in order. */
const allText = (nodes: any[]): string => nodes.map((node) => (typeof node.text === 'string' ? node.text : Array.isArray(node.children) ? allText(node.children) : '')).join('');

describe('blocksToSegments', () => {
  const body: Block[] = [
    { type: 'heading', level: 2, children: [text('Sprogcaféer på biblioteket')] },
    paragraph(text('Kom og '), text('øv dansk', { bold: true }), text(' med os. Læs mere på '), { type: 'link', url: 'https://bib.dk/sprogcafe', children: [text('vores side')] }, text('.')),
    { type: 'quote', children: [text('Det hjalp mig.', { italic: true })] },
    {
      type: 'list',
      format: 'unordered',
      children: [
        { type: 'list-item', children: [text('Mandag')] },
        {
          type: 'list-item',
          children: [text('Tirsdag'), { type: 'list', format: 'ordered', indentLevel: 1, children: [{ type: 'list-item', children: [text('Formiddag')] }] }],
        },
      ],
    },
    { type: 'code', children: [text('npm run seed')] },
    { type: 'image', image: { url: '/uploads/cafe.jpg', alternativeText: 'Café', width: 800 }, children: [text('')] },
  ];

  it('makes one segment per block of text, with marks and links as tags and no url', () => {
    const { segments } = blocksToSegments(body);
    expect(segments).toEqual([
      'Sprogcaféer på biblioteket',
      'Kom og <x id="1">øv dansk</x> med os. Læs mere på <a id="2">vores side</a>.',
      '<x id="1">Det hjalp mig.</x>',
      'Mandag',
      'Tirsdag',
      'Formiddag',
    ]);
    expect(segments.join('\n')).not.toContain('bib.dk');
    expect(segments.join('\n')).not.toContain('npm run seed');
  });

  it('rebuilds the same structure around the translations, keeping marks, urls, nested lists, code and images', () => {
    const { segments, rebuild } = blocksToSegments(body);
    const result = rebuild(segments.map(shout)) as any[];
    expect(result[0]).toEqual({ type: 'heading', level: 2, children: [text('SPROGCAFÉER PÅ BIBLIOTEKET')] });
    expect(result[1].children).toEqual([
      text('KOM OG '),
      text('ØV DANSK', { bold: true }),
      text(' MED OS. LÆS MERE PÅ '),
      { type: 'link', url: 'https://bib.dk/sprogcafe', children: [text('VORES SIDE')] },
      text('.'),
    ]);
    expect(result[2]).toEqual({ type: 'quote', children: [text('DET HJALP MIG.', { italic: true })] });
    const nested = result[3].children[1].children[1];
    expect(nested).toEqual({ type: 'list', format: 'ordered', indentLevel: 1, children: [{ type: 'list-item', children: [text('FORMIDDAG')] }] });
    expect(result[3].children[0].children).toEqual([text('MANDAG')]);
    expect(result[3].children[1].children[0]).toEqual(text('TIRSDAG'));
    expect(result[4]).toEqual(body[4]);
    expect(result[5]).toEqual(body[5]);
  });

  it('gives back an untranslated copy unchanged, and never touches its input', () => {
    const before = structuredClone(body);
    const { segments, rebuild } = blocksToSegments(body);
    const same = rebuild(segments);
    expect(same).toEqual(body);
    expect(same).not.toBe(body);
    expect((same as any[])[5].image).not.toBe((body as any[])[5].image);
    rebuild(segments.map(shout));
    expect(body).toEqual(before);
  });

  it('keeps a link with marked text inside, and a link the translator split in two', () => {
    const blocks = [paragraph(text('Se '), { type: 'link', url: 'https://x.dk', children: [text('den '), text('nye', { italic: true }), text(' plan')] })];
    const { segments, rebuild } = blocksToSegments(blocks);
    expect(segments).toEqual(['Se <a id="1">den <x id="2">nye</x> plan</a>']);
    const [result] = rebuild(['See <a id="1">the <x id="2">new</x></a> strategy <a id="1">plan</a>']) as any[];
    expect(result.children).toEqual([
      text('See '),
      { type: 'link', url: 'https://x.dk', children: [text('the '), text('new', { italic: true })] },
      text(' strategy '),
      { type: 'link', url: 'https://x.dk', children: [text('plan')] },
    ]);
  });

  it('sends no inline code, and puts it back as it was', () => {
    const blocks = [paragraph(text('Kør '), text('npm ci', { code: true }), text(' først.'))];
    const { segments, rebuild } = blocksToSegments(blocks);
    expect(segments).toEqual(['Kør <c id="1"/> først.']);
    const [moved] = rebuild(['First run <c id="1"/>.']) as any[];
    expect(moved.children).toEqual([text('First run '), text('npm ci', { code: true }), text('.')]);
    // An open/close pair instead of a self-closing tag counts as the same place.
    const [paired] = rebuild(['First <c id="1"></c> run.']) as any[];
    expect(paired.children).toEqual([text('First '), text('npm ci', { code: true }), text(' run.')]);
    // Dropped by the translator: put back at the end rather than lost.
    const [dropped] = rebuild(['Run it first.']) as any[];
    expect(dropped.children).toEqual([text('Run it first. '), text('npm ci', { code: true })]);
  });

  it('escapes &, < and > in what it sends, and decodes them back', () => {
    const blocks = [paragraph(text('Tom & Jerry <3 og a > b'), text('<b>fed</b>', { bold: true }))];
    const { segments, rebuild } = blocksToSegments(blocks);
    expect(segments).toEqual(['Tom &amp; Jerry &lt;3 og a &gt; b<x id="1">&lt;b&gt;fed&lt;/b&gt;</x>']);
    expect(rebuild(segments)).toEqual(blocks);
    const [result] = rebuild(['Tom &amp; Jerry &lt;3 and a &gt; b &#39;ok&#39;<x id="1">&lt;b&gt;bold&lt;/b&gt;</x>']) as any[];
    expect(result.children).toEqual([text("Tom & Jerry <3 and a > b 'ok'"), text('<b>bold</b>', { bold: true })]);
  });

  it('keeps the whitespace around tags as translated', () => {
    const blocks = [paragraph(text('Hej '), text('verden', { bold: true }), text(' !'))];
    const { segments, rebuild } = blocksToSegments(blocks);
    expect(segments).toEqual(['Hej <x id="1">verden</x> !']);
    const [result] = rebuild(['  Hello<x id="1"> world </x>!  ']) as any[];
    expect(result.children).toEqual([text('  Hello'), text(' world ', { bold: true }), text('!  ')]);
  });

  it('does not send empty or blank blocks, and keeps them in place', () => {
    const blocks = [paragraph(text('Første')), paragraph(text('')), paragraph(text('   ')), paragraph(text('Sidste'))];
    const { segments, rebuild } = blocksToSegments(blocks);
    expect(segments).toEqual(['Første', 'Sidste']);
    expect(rebuild(['First', 'Last'])).toEqual([paragraph(text('First')), paragraph(text('')), paragraph(text('   ')), paragraph(text('Last'))]);
  });

  describe('with a translator that breaks the tags', () => {
    const blocks = [paragraph(text('Kom og '), text('øv dansk', { bold: true }), text(' på '), { type: 'link', url: 'https://bib.dk', children: [text('biblioteket')] }, text('.'))];
    const { segments, rebuild } = blocksToSegments(blocks);
    const words = (tagged: string) => allText(rebuild([tagged]) as any[]);

    it('sends what the other cases start from', () => {
      expect(segments).toEqual(['Kom og <x id="1">øv dansk</x> på <a id="2">biblioteket</a>.']);
    });

    it('keeps every word when the tags are dropped', () => {
      const [result] = rebuild(['Come and practise Danish at the library.']) as any[];
      expect(result.children).toEqual([text('Come and practise Danish at the library.')]);
    });

    it('keeps the text of unknown ids, of tags of the wrong kind and of invented tags, without their markup', () => {
      const [result] = rebuild(['Come <x id="9">and</x> <a id="1">practise</a> <b>Danish</b> at <x id="2">the library</x>.']) as any[];
      expect(result.children).toEqual([text('Come and practise Danish at the library.')]);
    });

    it('drops unbalanced and crossing tags, keeps the rest', () => {
      const cases: Array<[string, string]> = [
        ['Come and <x id="1">practise Danish at <a id="2">the library.', 'Come and practise Danish at the library.'],
        ['Come</x> and practise Danish</a> at the library.', 'Come and practise Danish at the library.'],
        ['Come and <x id="1">practise <a id="2">Danish</x> at the library</a>.', 'Come and practise Danish at the library.'],
        // Raw `<` and `&` that form no tag are text.
        ['<x id="1"/>Come and practise <a id=2>Danish</a> at the library <3 & more > less.', 'Come and practise Danish at the library <3 & more > less.'],
      ];
      for (const [tagged, expected] of cases) expect(words(tagged)).toBe(expected);
      const [crossing] = rebuild(['Come and <x id="1">practise <a id="2">Danish</x> at the library</a>.']) as any[];
      expect(crossing.children).toEqual([text('Come and '), text('practise Danish', { bold: true }), text(' at the library.')]);
      const [lenient] = rebuild(['Come and <X ID=\'1\'>practise</X> at <a  id = "2" >the library</a>.']) as any[];
      expect(lenient.children).toEqual([text('Come and '), text('practise', { bold: true }), text(' at '), { type: 'link', url: 'https://bib.dk', children: [text('the library')] }, text('.')]);
    });

    it('keeps the original of a segment it got no translation for, and an empty translation as an empty text', () => {
      expect(rebuild([])).toEqual(blocks);
      expect(rebuild([undefined as unknown as string])).toEqual(blocks);
      expect((rebuild(['']) as any[])[0].children).toEqual([text('')]);
    });
  });

  it('gives no segments for what is not blocks, and gives it back as it was', () => {
    const inputs: unknown[] = [null, undefined, 'Tekst', 42, { type: 'paragraph' }, [1, 2], [{ children: [] }], [paragraph(text('a')), 'b']];
    for (const input of inputs) {
      const { segments, rebuild } = blocksToSegments(input);
      expect(segments).toEqual([]);
      expect(rebuild(['x'])).toBe(input);
    }
  });

  it('keeps blocks and children of unknown shapes as they are', () => {
    const blocks = [
      { type: 'paragraph', children: [text('Før '), { type: 'mention', id: 7 }, text(' efter')] },
      { type: 'table', rows: [['a']], children: [text('celle')] },
      { type: 'paragraph', children: 'not a list' },
    ];
    const { segments, rebuild } = blocksToSegments(blocks);
    expect(segments).toEqual(['Før ', ' efter']);
    const result = rebuild(['Before ', ' after']) as any[];
    expect(result[0].children).toEqual([text('Before '), { type: 'mention', id: 7 }, text(' after')]);
    expect(result[1]).toEqual(blocks[1]);
    expect(result[2]).toEqual(blocks[2]);
  });
});
