import { createProvider, ProviderError, type TranslateRequest } from '../server/src/providers';
import { DeepLProvider, deeplSource, deeplTarget, glossaryTsv } from '../server/src/providers/deepl';
import { reescapeHtml } from '../server/src/providers/libretranslate';
import { blocksToSegments } from '../server/src/rich-text';
import { FakeDeepL, FakeLibreTranslate } from '../../../tests/helpers/translation-providers';

const DEEPL_KEY = '5f0c2a9e-7d1b-4c3e-9a8f-31b2c4d5e6f7:fx';
const LIBRE_KEY = 'lt-3b9d7e21-aa54-4f0e-8c11-0e9f5d2c7b66';

const request = (extra: Partial<TranslateRequest> = {}): TranslateRequest => ({ texts: ['Hej'], source: 'da', target: 'en', tagged: false, glossary: [], ...extra });

/** The ProviderError a promise fails with. */
async function failure(promise: Promise<unknown>): Promise<ProviderError> {
  const error = await promise.then(
    () => null,
    (reason: unknown) => reason
  );
  expect(error).toBeInstanceOf(ProviderError);
  return error as ProviderError;
}

const body = [
  {
    type: 'paragraph',
    children: [
      { type: 'text', text: 'Kom og ' },
      { type: 'text', text: 'øv dansk', bold: true },
      { type: 'text', text: ' på ' },
      { type: 'link', url: 'https://bib.dk/cafe', children: [{ type: 'text', text: 'biblioteket' }] },
    ],
  },
  { type: 'paragraph', children: [{ type: 'text', text: 'Tom & Jerry' }] },
];

describe('createProvider', () => {
  it('makes the provider named, and refuses settings it cannot use', () => {
    expect(createProvider({ name: 'deepl', apiKey: DEEPL_KEY }).name).toBe('deepl');
    expect(createProvider({ name: 'libretranslate', url: 'http://localhost:5000' }).name).toBe('libretranslate');
    expect(() => createProvider({ name: 'google' } as never)).toThrow(/unknown translation provider "google"/);
    expect(() => createProvider({ name: 'deepl', apiKey: ' ' })).toThrow(new ProviderError('DeepL needs an API key', 'deepl'));
    expect(() => createProvider({ name: 'libretranslate', url: 'localhost:5000' })).toThrow(/LibreTranslate needs an absolute http\(s\) URL/);
    expect(() => createProvider({ name: 'libretranslate', url: 'https://user:pw@lt.example.dk' })).toThrow(/without credentials/);
  });
});

describe('DeepL', () => {
  let fake: FakeDeepL;
  beforeEach(async () => {
    fake = await FakeDeepL.start({ apiKey: DEEPL_KEY });
  });
  afterEach(() => fake.close());
  const deepl = (settings: { apiKey?: string; timeoutMs?: number } = {}) => createProvider({ name: 'deepl', apiKey: DEEPL_KEY, url: fake.url, ...settings });

  it('sends the key in the Authorization header, with DeepL language codes, and gives the translations in order', async () => {
    const result = await deepl().translate(request({ texts: ['Hej', 'Farvel'] }));
    expect(result).toEqual(['[EN-GB] Hej', '[EN-GB] Farvel']);
    expect(fake.requests).toHaveLength(1);
    const [sent] = fake.requests;
    expect(sent).toMatchObject({ method: 'POST', path: '/v2/translate' });
    expect(sent.headers.authorization).toBe(`DeepL-Auth-Key ${DEEPL_KEY}`);
    expect(sent.headers['content-type']).toBe('application/json');
    expect(sent.body).toEqual({ text: ['Hej', 'Farvel'], source_lang: 'DA', target_lang: 'EN-GB' });
  });

  it('maps locales to DeepL codes, and picks the Free or Pro URL from the key', async () => {
    expect(['en', 'pt', 'en-US', 'pt-BR', 'da', 'uk', 'ar', 'fa'].map(deeplTarget)).toEqual(['EN-GB', 'PT-PT', 'EN-US', 'PT-BR', 'DA', 'UK', 'AR', 'FA']);
    expect(['en', 'en-US', 'da', 'uk', 'ur'].map(deeplSource)).toEqual(['EN', 'EN', 'DA', 'UK', 'UR']);
    expect(new DeepLProvider({ apiKey: 'abc:fx' }).url).toBe('https://api-free.deepl.com');
    expect(new DeepLProvider({ apiKey: 'abc' }).url).toBe('https://api.deepl.com');
    expect(new DeepLProvider({ apiKey: 'abc', url: 'https://deepl.proxy.kk.dk/' }).url).toBe('https://deepl.proxy.kk.dk');
    await deepl().translate(request({ source: 'uk', target: 'da' }));
    expect(fake.requests[0].body).toMatchObject({ source_lang: 'UK', target_lang: 'DA' });
  });

  it('supports our locales as DeepL documents them: all but Somali, glossaries and tags but for Persian and Urdu', () => {
    const provider = new DeepLProvider({ apiKey: DEEPL_KEY });
    const ours = ['en', 'ar', 'fa', 'pl', 'tr', 'uk', 'ur'];
    for (const locale of ours) expect([locale, provider.supports('da', locale), provider.supports(locale, 'da')]).toEqual([locale, true, true]);
    expect(provider.supports('da', 'so')).toBe(false);
    expect(provider.supports('so', 'da')).toBe(false);
    expect(provider.supports('da', 'da')).toBe(false);
    expect(ours.filter((locale) => provider.glossaryApplies('da', locale))).toEqual(['en', 'ar', 'pl', 'tr', 'uk']);
    expect(ours.filter((locale) => provider.tagsApply('da', locale))).toEqual(['en', 'ar', 'pl', 'tr', 'uk']);
    expect(provider.glossaryApplies('fa', 'en')).toBe(false);
  });

  it('refuses a pair DeepL does not translate, without asking it', async () => {
    const error = await failure(deepl().translate(request({ target: 'so' })));
    expect(error.message).toBe('DeepL does not translate from "da" to "so"');
    expect(fake.requests).toHaveLength(0);
    expect(await deepl().translate(request({ texts: [] }))).toEqual([]);
    expect(fake.requests).toHaveLength(0);
  });

  it('translates rich text with tag_handling xml: tags kept, the url never sent', async () => {
    const { segments, rebuild } = blocksToSegments(body);
    const translated = await deepl().translate(request({ texts: segments, tagged: true }));
    expect(fake.requests[0].body).toMatchObject({ tag_handling: 'xml', text: ['Kom og <x id="1">øv dansk</x> på <a id="2">biblioteket</a>', 'Tom &amp; Jerry'] });
    expect(fake.requests[0].raw).not.toContain('bib.dk');
    expect(rebuild(translated)).toEqual([
      {
        type: 'paragraph',
        children: [
          { type: 'text', text: '[EN-GB] Kom og ' },
          { type: 'text', text: 'øv dansk', bold: true },
          { type: 'text', text: ' på ' },
          { type: 'link', url: 'https://bib.dk/cafe', children: [{ type: 'text', text: 'biblioteket' }] },
        ],
      },
      { type: 'paragraph', children: [{ type: 'text', text: '[EN-GB] Tom & Jerry' }] },
    ]);
  });

  it('sends tagged texts as plain text to a language without tag handling, and gives back escaped text', async () => {
    const { segments, rebuild } = blocksToSegments(body);
    const translated = await deepl().translate(request({ texts: segments, target: 'fa', tagged: true }));
    expect(fake.requests[0].body).toEqual({ text: ['Kom og øv dansk på biblioteket', 'Tom & Jerry'], source_lang: 'DA', target_lang: 'FA' });
    expect(translated).toEqual(['[FA] Kom og øv dansk på biblioteket', '[FA] Tom &amp; Jerry']);
    expect(rebuild(translated)).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: '[FA] Kom og øv dansk på biblioteket' }] },
      { type: 'paragraph', children: [{ type: 'text', text: '[FA] Tom & Jerry' }] },
    ]);
  });

  it('sends at most 50 texts and 128 KiB a request, and keeps the order', async () => {
    const texts = Array.from({ length: 120 }, (_, index) => `Tekst ${index}`);
    const result = await deepl().translate(request({ texts }));
    expect(fake.translateRequests().map((sent) => sent.body.text.length)).toEqual([50, 50, 20]);
    expect(result).toEqual(texts.map((text) => `[EN-GB] ${text}`));

    fake.requests.length = 0;
    const long = Array.from({ length: 10 }, (_, index) => `${index}`.padEnd(15_000, 'æ'));
    const longResult = await deepl().translate(request({ texts: long }));
    expect(fake.translateRequests().map((sent) => sent.body.text.length)).toEqual([4, 4, 2]);
    for (const sent of fake.requests) expect(Buffer.byteLength(sent.raw)).toBeLessThanOrEqual(128 * 1024);
    expect(longResult).toEqual(long.map((text) => `[EN-GB] ${text}`));
  });

  it('refuses a text too long for any request', async () => {
    const error = await failure(deepl().translate(request({ texts: ['ok', 'x'.repeat(140_000)] })));
    expect(error.message).toMatch(/^A text of 140003 bytes is too long for one DeepL request \(at most 128 KiB\)$/);
    expect(fake.requests).toHaveLength(0);
  });

  describe('glossaries', () => {
    const glossary = [
      { term: 'bibliotek', translation: 'library' },
      { term: 'Sprogcafé', translation: 'Sprogcafé' },
    ];

    it('makes one per pair and entries, from TSV, and uses it', async () => {
      const provider = deepl();
      const result = await provider.translate(request({ texts: ['Sprogcafé på bibliotek', 'Et bibliotekskort'], glossary }));
      expect(result).toEqual(['[EN-GB] Sprogcafé på library', '[EN-GB] Et bibliotekskort']);
      expect(fake.glossaryRequests()).toHaveLength(1);
      const created = fake.glossaryRequests()[0];
      expect(created.headers.authorization).toBe(`DeepL-Auth-Key ${DEEPL_KEY}`);
      expect(created.body).toEqual({
        name: expect.stringMatching(/^translation-workflow da-en [0-9a-f]{64}$/),
        source_lang: 'da',
        target_lang: 'en',
        entries: 'Sprogcafé\tSprogcafé\nbibliotek\tlibrary',
        entries_format: 'tsv',
      });
      const [id] = fake.glossaries.keys();
      expect(fake.translateRequests()[0].body).toMatchObject({ glossary_id: id, source_lang: 'DA', target_lang: 'EN-GB' });
    });

    it('reuses it for the same entries in any order, and makes another for other entries or another pair', async () => {
      const provider = deepl();
      await provider.translate(request({ glossary }));
      await provider.translate(request({ glossary: [...glossary].reverse() }));
      expect(fake.glossaryRequests()).toHaveLength(1);
      await provider.translate(request({ glossary: [...glossary, { term: 'lånerkort', translation: 'library card' }] }));
      await provider.translate(request({ target: 'uk', glossary }));
      expect(fake.glossaryRequests()).toHaveLength(3);
      expect(fake.glossaryRequests()[2].body).toMatchObject({ source_lang: 'da', target_lang: 'uk' });
      const ids = fake.translateRequests().map((sent) => sent.body.glossary_id);
      expect(ids[0]).toBe(ids[1]);
      expect(new Set(ids).size).toBe(3);
    });

    it('makes it again, once, when DeepL no longer has it', async () => {
      const provider = deepl();
      await provider.translate(request({ texts: ['bibliotek'], glossary }));
      fake.glossaries.clear();
      expect(await provider.translate(request({ texts: ['bibliotek'], glossary }))).toEqual(['[EN-GB] library']);
      expect(fake.glossaryRequests()).toHaveLength(2);
      const [first, refused, retried] = fake.translateRequests().map((sent) => sent.body.glossary_id);
      expect(refused).toBe(first);
      expect(retried).toBe([...fake.glossaries.keys()][0]);
      expect(retried).not.toBe(first);
      // A glossary that keeps disappearing is not made a third time in one translation.
      fake.reply = (sent) => (sent.path === '/v2/translate' ? { status: 404, body: { message: 'Glossary not found' } } : undefined);
      const error = await failure(provider.translate(request({ texts: ['bibliotek'], glossary })));
      expect(error.message).toBe('DeepL translation failed: HTTP 404 (not found): Glossary not found');
      expect(fake.glossaryRequests()).toHaveLength(3);
    });

    it('reuses one made before a restart or by another instance, found by its name', async () => {
      await deepl().translate(request({ glossary }));
      const restarted = deepl();
      expect(await restarted.translate(request({ texts: ['bibliotek'], glossary }))).toEqual(['[EN-GB] library']);
      expect(fake.glossaryRequests()).toHaveLength(1);
      expect(fake.requests.filter((sent) => sent.method === 'GET' && sent.path === '/v2/glossaries')).toHaveLength(2);
      const ids = fake.translateRequests().map((sent) => sent.body.glossary_id);
      expect(ids[1]).toBe(ids[0]);
      // Other entries have another name: a new glossary.
      await restarted.translate(request({ glossary: [{ term: 'bibliotek', translation: 'public library' }] }));
      expect(fake.glossaryRequests()).toHaveLength(2);
    });

    it('is not made for an empty list, nor for a pair without glossaries', async () => {
      await deepl().translate(request({ glossary: [] }));
      await deepl().translate(request({ glossary: [{ term: ' ', translation: 'x' }] }));
      await deepl().translate(request({ target: 'fa', glossary }));
      expect(fake.glossaryRequests()).toHaveLength(0);
      expect(fake.translateRequests().every((sent) => !('glossary_id' in sent.body))).toBe(true);
    });

    it('keeps TSV intact: tabs and line breaks become spaces, blank and repeated terms are left out', () => {
      expect(
        glossaryTsv([
          { term: 'lån\tog aflevering', translation: 'loans\nand returns' },
          { term: '  ', translation: 'x' },
          { term: 'lån og aflevering', translation: 'again' },
          { term: 'app', translation: '' },
        ])
      ).toBe('lån og aflevering\tloans and returns');
    });

    it('reports a failed creation, and tries again next time', async () => {
      fake.failWith = 456;
      const error = await failure(deepl().translate(request({ glossary })));
      expect(error.message).toBe(
        'DeepL glossary creation failed: HTTP 456 (quota exceeded: the character limit of the DeepL subscription is reached): Quota exceeded. The character limit has been reached.'
      );
      fake.failWith = null;
      const provider = deepl();
      expect(await provider.translate(request({ texts: ['bibliotek'], glossary }))).toEqual(['[EN-GB] library']);
    });
  });

  describe('failures', () => {
    it('names the provider, the status, what it means and what DeepL said', async () => {
      const cases: Array<[number, string]> = [
        [
          403,
          'DeepL translation failed: HTTP 403 (authorization failed: the API key is wrong, or a Free API key is used with the Pro URL or the other way round): Authorization failed. Please supply a valid DeepL-Auth-Key via the Authorization header.',
        ],
        [456, 'DeepL translation failed: HTTP 456 (quota exceeded: the character limit of the DeepL subscription is reached): Quota exceeded. The character limit has been reached.'],
        [429, 'DeepL translation failed: HTTP 429 (too many requests: DeepL asks to slow down, try again later)'],
        [500, 'DeepL translation failed: HTTP 500 (DeepL internal error, try again later): Internal error.'],
        [502, 'DeepL translation failed: HTTP 502 (DeepL server error, try again later): Error'],
      ];
      for (const [status, message] of cases) {
        fake.failWith = status;
        const error = await failure(deepl().translate(request()));
        expect([error.provider, error.status, error.message]).toEqual(['deepl', status, message]);
      }
    });

    it('is answered 403 for a wrong key, which never appears in the message', async () => {
      const wrong = 'f00dfeed-0000-4000-8000-000000000000:fx';
      const error = await failure(deepl({ apiKey: wrong }).translate(request()));
      expect(error.status).toBe(403);
      expect(error.message).toMatch(/^DeepL translation failed: HTTP 403 \(authorization failed/);
      expect(error.message).not.toContain(wrong);
      // Even when the server repeats it
      fake.reply = () => ({ status: 403, body: { message: `Key ${DEEPL_KEY} is not valid` } });
      const echoed = await failure(deepl().translate(request()));
      expect(echoed.message).toContain('Key [redacted] is not valid');
      expect(echoed.message).not.toContain(DEEPL_KEY);
    });

    it('refuses answers without the right translations', async () => {
      fake.reply = () => ({ status: 200, body: { translations: [{ text: 'Hello' }] } });
      expect((await failure(deepl().translate(request({ texts: ['Hej', 'Farvel'] })))).message).toBe('DeepL answered 1 translations for 2 texts');
      fake.reply = () => ({ status: 200, raw: '<html>proxy</html>' });
      expect((await failure(deepl().translate(request()))).message).toBe('DeepL answered HTTP 200 without the expected translations');
      fake.reply = () => ({ status: 200, body: { translations: [{ detected_source_language: 'DA' }] } });
      expect((await failure(deepl().translate(request()))).message).toBe('DeepL answered HTTP 200 without the expected translations');
    });

    it('gives up after the timeout', async () => {
      fake.delayMs = 1_000;
      const started = Date.now();
      const error = await failure(deepl({ timeoutMs: 100 }).translate(request()));
      expect(error.message).toBe('DeepL did not answer within 100 ms');
      expect(Date.now() - started).toBeLessThan(900);
    });

    it('reports an outage: connections dropped, or nothing listening', async () => {
      fake.down = true;
      const dropped = await failure(deepl().translate(request()));
      expect(dropped.message).toBe(`DeepL could not be reached at ${fake.url}: other side closed (UND_ERR_SOCKET)`);
      expect(dropped.status).toBeUndefined();
      const url = fake.url;
      await fake.close();
      const refused = await failure(createProvider({ name: 'deepl', apiKey: DEEPL_KEY, url }).translate(request()));
      expect(refused.message).toBe(`DeepL could not be reached at ${url}: connect ECONNREFUSED ${url.slice('http://'.length)}`);
      expect(refused.message).not.toContain(DEEPL_KEY);
      fake = await FakeDeepL.start({ apiKey: DEEPL_KEY });
    });
  });
});

describe('LibreTranslate', () => {
  let fake: FakeLibreTranslate;
  beforeEach(async () => {
    fake = await FakeLibreTranslate.start({ apiKey: LIBRE_KEY });
  });
  afterEach(() => fake.close());
  const libre = (settings: { apiKey?: string; timeoutMs?: number } = { apiKey: LIBRE_KEY }) => createProvider({ name: 'libretranslate', url: `${fake.url}/`, ...settings });

  it('sends q, source, target, format text and the API key, and reads translatedText', async () => {
    const provider = libre();
    expect(provider.usesGlossaries).toBe(false);
    expect(provider.supports('da', 'so')).toBe(true);
    const result = await provider.translate(request({ texts: ['Hej', 'Farvel'], target: 'uk', glossary: [{ term: 'Hej', translation: 'Hi' }] }));
    expect(result).toEqual(['[uk] Hej', '[uk] Farvel']);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ method: 'POST', path: '/translate' });
    expect(fake.requests[0].body).toEqual({ q: ['Hej', 'Farvel'], source: 'da', target: 'uk', format: 'text', api_key: LIBRE_KEY });
  });

  it('sends tagged texts as html, and escapes the unescaped answer again', async () => {
    const { segments, rebuild } = blocksToSegments(body);
    const translated = await libre().translate(request({ texts: segments, tagged: true }));
    expect(fake.requests[0].body).toMatchObject({ format: 'html', q: ['Kom og <x id="1">øv dansk</x> på <a id="2">biblioteket</a>', 'Tom &amp; Jerry'] });
    expect(translated).toEqual(['[en] Kom og <x id="1">øv dansk</x> på <a id="2">biblioteket</a>', '[en] Tom &amp; Jerry']);
    const [first, second] = rebuild(translated) as any[];
    expect(first.children[3]).toEqual({ type: 'link', url: 'https://bib.dk/cafe', children: [{ type: 'text', text: 'biblioteket' }] });
    expect(second.children).toEqual([{ type: 'text', text: '[en] Tom & Jerry' }]);
    expect(reescapeHtml('a < b & <x id="1">c > d</x><c id="2"/>')).toBe('a &lt; b &amp; <x id="1">c &gt; d</x><c id="2"/>');
  });

  it('sends no api_key when it has none', async () => {
    const open = await FakeLibreTranslate.start();
    try {
      const result = await createProvider({ name: 'libretranslate', url: open.url }).translate(request());
      expect(result).toEqual(['[en] Hej']);
      expect(open.requests[0].body).toEqual({ q: ['Hej'], source: 'da', target: 'en', format: 'text' });
    } finally {
      await open.close();
    }
  });

  it('sends at most 50 texts a request', async () => {
    const texts = Array.from({ length: 70 }, (_, index) => `Tekst ${index}`);
    expect(await libre().translate(request({ texts }))).toEqual(texts.map((text) => `[en] ${text}`));
    expect(fake.requests.map((sent) => sent.body.q.length)).toEqual([50, 20]);
  });

  it('reports what the server says: unsupported pair, wrong or missing key, overload', async () => {
    const unsupported = await failure(libre().translate(request({ target: 'so' })));
    expect([unsupported.provider, unsupported.status, unsupported.message]).toEqual(['libretranslate', 400, 'LibreTranslate translation failed: HTTP 400 (bad request): so is not supported']);
    const wrong = await failure(libre({ apiKey: 'not-the-key-123' }).translate(request()));
    expect(wrong.message).toBe('LibreTranslate translation failed: HTTP 403 (forbidden: the API key is invalid, or this client is banned): Invalid API key');
    expect(wrong.message).not.toContain('not-the-key-123');
    const missing = await failure(libre({}).translate(request()));
    expect(missing.message).toBe('LibreTranslate translation failed: HTTP 400 (bad request): Please contact the server operator to get an API key');
    fake.failWith = 429;
    expect((await failure(libre().translate(request()))).message).toBe(
      'LibreTranslate translation failed: HTTP 429 (too many requests: the server asks to slow down, try again later): Slowdown: 30 per 1 minute'
    );
    fake.failWith = 500;
    const broken = await failure(libre().translate(request()));
    expect([broken.status, broken.message]).toEqual([500, 'LibreTranslate translation failed: HTTP 500 (LibreTranslate internal error): Cannot translate text']);
    fake.failWith = null;
    fake.reply = () => ({ status: 400, body: { error: `bad key ${LIBRE_KEY}` } });
    const echoed = await failure(libre().translate(request()));
    expect(echoed.message).toBe('LibreTranslate translation failed: HTTP 400 (bad request): bad key [redacted]');
  });

  it('refuses answers without one translation per text', async () => {
    fake.reply = () => ({ status: 200, body: { translatedText: ['Hi'] } });
    expect((await failure(libre().translate(request({ texts: ['Hej', 'Farvel'] })))).message).toBe('LibreTranslate answered 1 translations for 2 texts');
    fake.reply = () => ({ status: 200, body: { translatedText: 'Hi' } });
    expect((await failure(libre().translate(request()))).message).toBe('LibreTranslate answered HTTP 200 without the expected translatedText list');
  });

  it('reports an outage and a timeout', async () => {
    fake.delayMs = 1_000;
    expect((await failure(libre({ apiKey: LIBRE_KEY, timeoutMs: 100 }).translate(request()))).message).toBe('LibreTranslate did not answer within 100 ms');
    fake.delayMs = 0;
    fake.down = true;
    const error = await failure(libre().translate(request()));
    expect(error.message).toBe(`LibreTranslate could not be reached at ${fake.url}: other side closed (UND_ERR_SOCKET)`);
    expect(error.message).not.toContain(LIBRE_KEY);
  });
});
