import { randomUUID } from 'crypto';
import http from 'http';
import type { AddressInfo } from 'net';

/**
 * Local stand-ins for the machine translation services, speaking their HTTP APIs as documented: DeepL's API v2
 * (POST /v2/translate, /v2/glossaries) and LibreTranslate's POST /translate. Their "translation" is checkable:
 * each text comes back as `[<target>] ` + the text, tags and all, e.g. `[EN-GB] Hej <x id="1">verden</x>`; the DeepL
 * one first replaces each glossary term (whole words, outside tags) by its translation.
 */

/** One request a fake got. `body` is the parsed JSON body (undefined when it was not JSON). */
export type RecordedRequest = { method: string; path: string; headers: http.IncomingHttpHeaders; body: any; raw: string };
type Reply = { status: number; body?: unknown; raw?: string };

abstract class FakeServer {
  readonly requests: RecordedRequest[] = [];
  /** While set, every request is answered this status, with the service's error body. */
  failWith: number | null = null;
  /** While true, connections are destroyed without an answer. */
  down = false;
  /** Milliseconds to wait before answering. */
  delayMs = 0;
  /** While set, its reply (when it gives one) is sent instead of the fake's own: `raw` is sent as it is, as JSON. */
  reply: ((request: RecordedRequest) => Reply | undefined) | null = null;
  protected server: http.Server;
  private timers = new Set<NodeJS.Timeout>();

  protected constructor() {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (this.down) return req.socket.destroy();
        const raw = Buffer.concat(chunks).toString('utf8');
        let body: any;
        try {
          body = raw && /json/.test(String(req.headers['content-type'])) ? JSON.parse(raw) : undefined;
        } catch {
          body = undefined;
        }
        const path = (req.url ?? '/').split('?')[0];
        const request: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, body, raw };
        this.requests.push(request);
        const reply: Reply =
          this.failWith !== null ? { status: this.failWith, body: this.errorBody(this.failWith) } : (this.reply?.(request) ?? this.handle(request.method, path, req.headers, body, raw));
        const answer = () => {
          if (res.destroyed) return;
          if (reply.raw !== undefined) return void res.writeHead(reply.status, { 'Content-Type': 'application/json' }).end(reply.raw);
          if (reply.body === undefined) return void res.writeHead(reply.status).end();
          res.writeHead(reply.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(reply.body));
        };
        if (this.delayMs <= 0) return answer();
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          answer();
        }, this.delayMs);
        this.timers.add(timer);
      });
    });
  }

  protected async listen(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  protected abstract handle(method: string, path: string, headers: http.IncomingHttpHeaders, body: any, raw: string): Reply;
  protected abstract errorBody(status: number): unknown;

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** Text outside tags goes through `change`; tags are kept exactly. */
const outsideTags = (text: string, change: (part: string) => string) =>
  text
    .split(/(<[^<>]*>)/)
    .map((part, index) => (index % 2 === 1 ? part : change(part)))
    .join('');

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export type FakeGlossary = { id: string; name: string; sourceLang: string; targetLang: string; entries: Map<string, string>; creationTime: string };

const DEEPL_FULL = 'AR BG CS DA DE EL EN ES ET FI FR HU ID IT JA KO LT LV NB NL PL PT RO RU SK SL SV TR UK ZH'.split(' ');
/** Languages DeepL translates as text only: no glossaries, no tag handling. */
const DEEPL_TEXT_ONLY = ['FA', 'UR', 'HE', 'TH', 'VI'];
const DEEPL_SOURCES = new Set([...DEEPL_FULL, ...DEEPL_TEXT_ONLY]);
const DEEPL_TARGETS = new Set([...DEEPL_FULL, ...DEEPL_TEXT_ONLY, 'EN-GB', 'EN-US', 'PT-BR', 'PT-PT', 'ES-419', 'ZH-HANS', 'ZH-HANT']);
const DEEPL_GLOSSARY = new Set([...DEEPL_FULL.map((code) => code.toLowerCase()), 'he', 'th', 'vi']);
const DEEPL_MESSAGES: Record<number, string> = {
  400: 'Bad request. Please check error message and your parameters.',
  403: 'Authorization failed. Please supply a valid DeepL-Auth-Key via the Authorization header.',
  404: 'The requested resource could not be found.',
  413: 'The request size exceeds the limit.',
  429: 'Too many requests. Please wait and resend your request.',
  456: 'Quota exceeded. The character limit has been reached.',
  500: 'Internal error.',
  503: 'Resource currently unavailable. Try again later.',
};

/** DeepL's API v2 (translate; v2 glossaries: create, list, get, delete), as documented at developers.deepl.com; JSON requests only. */
export class FakeDeepL extends FakeServer {
  readonly glossaries = new Map<string, FakeGlossary>();

  private constructor(readonly apiKey: string) {
    super();
  }

  static async start({ apiKey }: { apiKey: string }): Promise<FakeDeepL> {
    const fake = new FakeDeepL(apiKey);
    await fake.listen();
    return fake;
  }

  /** The requests to POST /v2/translate. */
  translateRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.method === 'POST' && request.path === '/v2/translate');
  }

  /** The requests to POST /v2/glossaries. */
  glossaryRequests(): RecordedRequest[] {
    return this.requests.filter((request) => request.method === 'POST' && request.path === '/v2/glossaries');
  }

  protected errorBody(status: number) {
    return status === 429 ? undefined : { message: DEEPL_MESSAGES[status] ?? 'Error' };
  }

  protected handle(method: string, path: string, headers: http.IncomingHttpHeaders, body: any, raw: string): Reply {
    const fail = (status: number, message = DEEPL_MESSAGES[status], detail?: string): Reply => ({ status, body: { message, ...(detail ? { detail } : {}) } });
    if (headers.authorization !== `DeepL-Auth-Key ${this.apiKey}`) return fail(403);
    if (Buffer.byteLength(raw) > 128 * 1024) return fail(413);
    const glossaryPath = /^\/v2\/glossaries\/([^/]+)$/.exec(path);
    if (glossaryPath) {
      const glossary = this.glossaries.get(glossaryPath[1]);
      if (!glossary) return fail(404, 'Glossary not found');
      if (method === 'GET') return { status: 200, body: this.info(glossary) };
      if (method !== 'DELETE') return fail(405, 'Method not allowed');
      this.glossaries.delete(glossary.id);
      return { status: 204 };
    }
    if (method === 'GET' && path === '/v2/glossaries') return { status: 200, body: { glossaries: [...this.glossaries.values()].map((glossary) => this.info(glossary)) } };
    if (method !== 'POST' || (path !== '/v2/translate' && path !== '/v2/glossaries')) return fail(404);
    if (typeof body !== 'object' || body === null) return fail(400, 'Invalid request: expected a JSON body');
    return path === '/v2/translate' ? this.translate(body, fail) : this.createGlossary(body, fail);
  }

  private translate(body: any, fail: (status: number, message?: string, detail?: string) => Reply): Reply {
    const { text, source_lang: source, target_lang: target, tag_handling: tagHandling, glossary_id: glossaryId } = body;
    if (!Array.isArray(text) || text.length === 0 || !text.every((item: unknown) => typeof item === 'string')) return fail(400, "Parameter 'text' not specified.");
    if (text.length > 50) return fail(413, 'Too many texts: at most 50 per request.');
    if (typeof target !== 'string') return fail(400, "Parameter 'target_lang' not specified.");
    if (!DEEPL_TARGETS.has(target.toUpperCase())) return fail(400, "Value for 'target_lang' not supported.");
    if (source !== undefined && (typeof source !== 'string' || !DEEPL_SOURCES.has(source.toUpperCase()))) return fail(400, "Value for 'source_lang' not supported.");
    if (tagHandling !== undefined) {
      if (!['xml', 'html'].includes(tagHandling)) return fail(400, "Value for 'tag_handling' not supported.");
      // Strict where the docs only say "not supported": tag handling for a text-only language is refused.
      if ([source, target].some((code) => DEEPL_TEXT_ONLY.includes(String(code).toUpperCase().split('-')[0]))) return fail(400, 'Tag handling is not supported for this language pair.');
    }
    let glossary: FakeGlossary | undefined;
    if (glossaryId !== undefined) {
      if (source === undefined) return fail(400, 'Use of a glossary requires the source_lang parameter to be specified');
      glossary = this.glossaries.get(glossaryId);
      if (!glossary) return fail(404, 'Glossary not found');
      if (glossary.sourceLang !== source.toLowerCase() || glossary.targetLang !== target.toLowerCase().split('-')[0])
        return fail(400, "Glossary language pair does not match the request's language pair");
    }
    const apply = (part: string) => {
      if (!glossary || glossary.entries.size === 0) return part;
      const terms = [...glossary.entries.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
      const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(${terms.join('|')})(?![\\p{L}\\p{N}])`, 'gu');
      return part.replace(pattern, (term) => glossary!.entries.get(term) ?? term);
    };
    const prefix = `[${target.toUpperCase()}] `;
    return {
      status: 200,
      body: { translations: text.map((item: string) => ({ detected_source_language: (source ?? 'DA').toUpperCase(), text: prefix + (tagHandling ? outsideTags(item, apply) : apply(item)) })) },
    };
  }

  private createGlossary(body: any, fail: (status: number, message?: string, detail?: string) => Reply): Reply {
    const { name, source_lang: source, target_lang: target, entries, entries_format: format } = body;
    for (const [key, value] of Object.entries({ name, source_lang: source, target_lang: target, entries, entries_format: format }))
      if (typeof value !== 'string' || value === '') return fail(400, `Missing or invalid argument: ${key}`);
    if (!DEEPL_GLOSSARY.has(source.toLowerCase()) || !DEEPL_GLOSSARY.has(target.toLowerCase()) || source.toLowerCase() === target.toLowerCase())
      return fail(400, 'Unsupported glossary source and target language pair');
    if (format !== 'tsv' && format !== 'csv') return fail(400, "Value for 'entries_format' not supported.");
    const map = new Map<string, string>();
    const lines = (entries as string).split(/\r?\n/);
    for (const [index, line] of lines.entries()) {
      if (line.trim() === '') continue;
      const fields = format === 'tsv' ? line.split('\t') : line.split(',');
      if (fields.length !== 2 || fields.some((field) => field.trim() === '' || field !== field.trim()))
        return fail(400, 'Invalid glossary entries provided', `Line ${index + 1}: an entry is a source and a target phrase, non-empty and without surrounding whitespace`);
      if (map.has(fields[0])) return fail(400, 'Invalid glossary entries provided', `Line ${index + 1} duplicates the key ${JSON.stringify(fields[0])}`);
      map.set(fields[0], fields[1]);
    }
    if (map.size === 0) return fail(400, 'Invalid glossary entries provided', 'No entries');
    const glossary: FakeGlossary = { id: randomUUID(), name, sourceLang: source.toLowerCase(), targetLang: target.toLowerCase(), entries: map, creationTime: new Date().toISOString() };
    this.glossaries.set(glossary.id, glossary);
    return { status: 201, body: this.info(glossary) };
  }

  private info(glossary: FakeGlossary) {
    const { id, name, sourceLang, targetLang, creationTime, entries } = glossary;
    return { glossary_id: id, ready: true, name, source_lang: sourceLang, target_lang: targetLang, creation_time: creationTime, entry_count: entries.size };
  }
}

const LIBRE_MESSAGES: Record<number, string> = {
  400: 'Invalid request',
  403: 'Invalid API key',
  429: 'Slowdown: 30 per 1 minute',
  500: 'Cannot translate text',
};

/** LibreTranslate's POST /translate (JSON requests), as its app.py implements it. */
export class FakeLibreTranslate extends FakeServer {
  private constructor(
    readonly apiKey: string | undefined,
    readonly languages: string[]
  ) {
    super();
  }

  /** A server with these languages (by default ours but Somali); with `apiKey`, one that requires that key. */
  static async start({ apiKey, languages = ['da', 'en', 'ar', 'fa', 'pl', 'tr', 'uk', 'ur'] }: { apiKey?: string; languages?: string[] } = {}): Promise<FakeLibreTranslate> {
    const fake = new FakeLibreTranslate(apiKey, languages);
    await fake.listen();
    return fake;
  }

  protected errorBody(status: number) {
    return { error: LIBRE_MESSAGES[status] ?? 'Error' };
  }

  protected handle(method: string, path: string, _headers: http.IncomingHttpHeaders, body: any): Reply {
    const fail = (status: number, error: string): Reply => ({ status, body: { error } });
    if (method !== 'POST' || path !== '/translate') return { status: 404 };
    if (typeof body !== 'object' || body === null) return fail(400, 'Invalid JSON format');
    if (this.apiKey !== undefined) {
      if (body.api_key && body.api_key !== this.apiKey) return fail(403, 'Invalid API key');
      if (!body.api_key) return fail(400, 'Please contact the server operator to get an API key');
    }
    const { q, source, target } = body;
    const format = body.format || 'text';
    if (!q || (Array.isArray(q) && q.length === 0)) return fail(400, 'Invalid request: missing q parameter');
    if (!source) return fail(400, 'Invalid request: missing source parameter');
    if (!target) return fail(400, 'Invalid request: missing target parameter');
    if (source !== 'auto' && !this.languages.includes(String(source).toLowerCase())) return fail(400, `${source} is not supported`);
    if (!this.languages.includes(String(target).toLowerCase())) return fail(400, `${target} is not supported`);
    if (!['text', 'html'].includes(format)) return fail(400, `${format} format is not supported`);
    // Like the real server, the answer is HTML-unescaped, also in html format.
    const translate = (text: string) => unescapeHtml(`[${target}] ${text}`);
    return { status: 200, body: { translatedText: Array.isArray(q) ? q.map(translate) : translate(q) } };
  }
}

const unescapeHtml = (text: string) => text.replace(/&(amp|lt|gt|quot|#39);/g, (_entity, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name] as string);
