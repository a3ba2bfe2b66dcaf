import { createHash } from 'crypto';
import {
  baseUrl,
  escapeText,
  ProviderError,
  providerMessage,
  redact,
  send,
  untag,
  type Answer,
  type DeepLSettings,
  type GlossaryEntry,
  type TranslateRequest,
  type TranslationProvider,
} from './index';

/*
 * Languages, per DeepL's "Languages supported" page (developers.deepl.com/docs/getting-started/supported-languages;
 * its table is snippets/language-table.jsx in github.com/DeepLcom/api-docs, last changed 2026-04-30, read in the
 * snapshot of 2026-06-30), the v2 glossary language enum of DeepL's openapi.yaml, and its release notes:
 *   - da, en, ar, pl, tr, uk: source and target, with glossaries and tag handling (XML);
 *   - fa (Persian), ur (Urdu): source and target, but neither glossaries nor tag handling (among the 81 languages
 *     that left beta on 2026-01-08; `enable_beta_languages` is no longer needed);
 *   - so (Somali): not supported.
 * A glossary, or tag handling, needs both languages of the pair to support it (GET /v3/languages docs).
 * Languages not listed here are treated as unsupported; add them from that table when a locale needs them.
 */
const FULL = 'ar bg cs da de el en es et fi fr hu id it ja ko lt lv nb nl pl pt ro ru sk sl sv tr uk zh'.split(' ');
const TEXT_ONLY = ['fa', 'ur'];
const LANGUAGES = new Map<string, { tags: boolean; glossary: boolean }>([
  ...FULL.map((code) => [code, { tags: true, glossary: true }] as const),
  ...TEXT_ONLY.map((code) => [code, { tags: false, glossary: false }] as const),
]);
/** Target variants DeepL names as such; a bare 'en' or 'pt' target is deprecated there. */
const TARGET_VARIANTS = new Set(['EN-GB', 'EN-US', 'PT-BR', 'PT-PT', 'ES-419', 'ZH-HANS', 'ZH-HANT']);

const FREE_URL = 'https://api-free.deepl.com';
const PRO_URL = 'https://api.deepl.com';
/** Limits of POST /v2/translate: up to 50 texts, and a request body of at most 128 KiB (some room kept). */
const MAX_TEXTS = 50;
const MAX_BODY_BYTES = 128 * 1024 - 512;

const HINTS: Record<number, string> = {
  400: 'bad request',
  403: 'authorization failed: the API key is wrong, or a Free API key is used with the Pro URL or the other way round',
  404: 'not found',
  413: 'request too large',
  429: 'too many requests: DeepL asks to slow down, try again later',
  456: 'quota exceeded: the character limit of the DeepL subscription is reached',
  500: 'DeepL internal error, try again later',
  503: 'DeepL is unavailable, try again later',
  504: 'DeepL is unavailable, try again later',
  529: 'too many requests: DeepL asks to slow down, try again later',
};

const language = (locale: string) => String(locale).toLowerCase().split(/[-_]/)[0];

/** DeepL's source_lang for a locale: the bare language, upper case ('EN'). */
export const deeplSource = (locale: string) => language(locale).toUpperCase();

/** DeepL's target_lang for a locale: 'en' → 'EN-GB', 'pt' → 'PT-PT', a known variant as it is ('en-US' → 'EN-US'), else the language upper case. */
export function deeplTarget(locale: string): string {
  const code = String(locale).toUpperCase().replace('_', '-');
  if (TARGET_VARIANTS.has(code)) return code;
  const bare = language(locale);
  return bare === 'en' ? 'EN-GB' : bare === 'pt' ? 'PT-PT' : bare.toUpperCase();
}

/** Entries as DeepL's TSV takes them: tabs, line breaks and other control characters become spaces, ends are trimmed, empty and repeated terms are left out. */
export function glossaryTsv(entries: GlossaryEntry[]): string {
  const clean = (value: unknown) =>
    String(value ?? '')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u001f\u007f]+/g, ' ')
      .trim();
  const byTerm = new Map<string, string>();
  for (const entry of entries ?? []) {
    const term = clean(entry?.term);
    const translation = clean(entry?.translation);
    if (term && translation && !byTerm.has(term)) byTerm.set(term, translation);
  }
  return [...byTerm]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([term, translation]) => `${term}\t${translation}`)
    .join('\n');
}

/** DeepL's HTTP API v2: POST /v2/translate, with immutable v2 glossaries made on demand and kept by content. */
export class DeepLProvider implements TranslationProvider {
  readonly name = 'deepl' as const;
  readonly usesGlossaries = true;
  readonly url: string;
  readonly timeoutMs: number;
  readonly #apiKey: string;
  /** Glossary ids by language pair and entries hash. */
  readonly #glossaries = new Map<string, Promise<string>>();

  constructor(settings: Omit<DeepLSettings, 'name'>) {
    if (typeof settings?.apiKey !== 'string' || settings.apiKey.trim() === '') throw new ProviderError('DeepL needs an API key', 'deepl');
    this.#apiKey = settings.apiKey.trim();
    this.url = baseUrl('deepl', 'DeepL', settings.url ?? (this.#apiKey.endsWith(':fx') ? FREE_URL : PRO_URL));
    this.timeoutMs = settings.timeoutMs ?? 30_000;
  }

  supports(source: string, target: string): boolean {
    return LANGUAGES.has(language(source)) && LANGUAGES.has(language(target)) && language(source) !== language(target);
  }

  /** Whether DeepL applies glossaries to this pair (others are translated without one). */
  glossaryApplies(source: string, target: string): boolean {
    return this.supports(source, target) && !!LANGUAGES.get(language(source))?.glossary && !!LANGUAGES.get(language(target))?.glossary;
  }

  /** Whether DeepL keeps tags for this pair; for other pairs tagged texts are sent as plain text, and their markup is lost. */
  tagsApply(source: string, target: string): boolean {
    return this.supports(source, target) && !!LANGUAGES.get(language(source))?.tags && !!LANGUAGES.get(language(target))?.tags;
  }

  async translate(request: TranslateRequest): Promise<string[]> {
    const { texts, source, target } = request;
    if (!this.supports(source, target)) throw new ProviderError(`DeepL does not translate from ${JSON.stringify(source)} to ${JSON.stringify(target)}`, 'deepl');
    if (texts.length === 0) return [];
    const tags = request.tagged && this.tagsApply(source, target);
    const plainForTagged = request.tagged && !tags;
    const tsv = this.glossaryApplies(source, target) ? glossaryTsv(request.glossary) : '';
    const pair = { source: language(source), target: language(target) };
    let glossaryId = tsv ? await this.glossary(pair.source, pair.target, tsv) : undefined;
    let recreated = false;
    const params = () => ({ source_lang: deeplSource(source), target_lang: deeplTarget(target), ...(tags ? { tag_handling: 'xml' } : {}), ...(glossaryId ? { glossary_id: glossaryId } : {}) });
    const out: string[] = [];
    for (const part of this.chunks(plainForTagged ? texts.map(untag) : texts, Buffer.byteLength(JSON.stringify({ ...params(), text: [] })))) {
      let answer = await this.request('POST', '/v2/translate', { text: part, ...params() });
      if (glossaryId && !recreated && glossaryMissing(answer)) {
        // Deleted on DeepL's side (or expired): make it again, once.
        recreated = true;
        this.#glossaries.delete(glossaryKey(pair.source, pair.target, tsv));
        glossaryId = await this.glossary(pair.source, pair.target, tsv, true);
        answer = await this.request('POST', '/v2/translate', { text: part, ...params() });
      }
      if (answer.status < 200 || answer.status >= 300) throw this.failure('translation', answer);
      const translations = (answer.json as { translations?: unknown } | undefined)?.translations;
      if (!Array.isArray(translations) || !translations.every((item) => typeof item?.text === 'string'))
        throw new ProviderError(`DeepL answered HTTP ${answer.status} without the expected translations`, 'deepl', answer.status);
      if (translations.length !== part.length) throw new ProviderError(`DeepL answered ${translations.length} translations for ${part.length} texts`, 'deepl', answer.status);
      out.push(...translations.map((item: { text: string }) => item.text));
    }
    return plainForTagged ? out.map(escapeText) : out;
  }

  /** Texts in requests of at most 50 texts and 128 KiB. */
  private chunks(texts: string[], fixedBytes: number): string[][] {
    const chunks: string[][] = [];
    let current: string[] = [];
    let bytes = fixedBytes;
    for (const text of texts) {
      const size = Buffer.byteLength(JSON.stringify(text)) + 1;
      if (fixedBytes + size > MAX_BODY_BYTES) throw new ProviderError(`A text of ${size} bytes is too long for one DeepL request (at most 128 KiB)`, 'deepl');
      if (current.length > 0 && (current.length === MAX_TEXTS || bytes + size > MAX_BODY_BYTES)) {
        chunks.push(current);
        current = [];
        bytes = fixedBytes;
      }
      current.push(text);
      bytes += size;
    }
    if (current.length > 0) chunks.push(current);
    return chunks;
  }

  /**
   * The id of a glossary with these entries for this pair: one made earlier (by this process, or by another one or
   * before a restart: found by its name, which holds the entries' hash), else a new one. `fresh` skips the search.
   */
  private glossary(source: string, target: string, tsv: string, fresh = false): Promise<string> {
    const key = glossaryKey(source, target, tsv);
    let id = this.#glossaries.get(key);
    if (!id) {
      id = this.findOrCreateGlossary(source, target, tsv, `translation-workflow ${key.replace('>', '-').replace(':', ' ')}`, fresh);
      this.#glossaries.set(key, id);
      const made = id;
      made.catch(() => this.#glossaries.get(key) === made && this.#glossaries.delete(key));
    }
    return id;
  }

  private async findOrCreateGlossary(source: string, target: string, tsv: string, name: string, fresh: boolean): Promise<string> {
    if (!fresh) {
      const listed = await this.request('GET', '/v2/glossaries');
      const glossaries = (listed.json as { glossaries?: unknown } | undefined)?.glossaries;
      const found =
        listed.status === 200 && Array.isArray(glossaries)
          ? glossaries.find((item) => item?.name === name && String(item.source_lang).toLowerCase() === source && String(item.target_lang).toLowerCase() === target && item.ready !== false)
          : undefined;
      if (typeof found?.glossary_id === 'string' && found.glossary_id !== '') return found.glossary_id;
    }
    const answer = await this.request('POST', '/v2/glossaries', { name, source_lang: source, target_lang: target, entries: tsv, entries_format: 'tsv' });
    if (answer.status < 200 || answer.status >= 300) throw this.failure('glossary creation', answer);
    const id = (answer.json as { glossary_id?: unknown } | undefined)?.glossary_id;
    if (typeof id !== 'string' || id === '') throw new ProviderError(`DeepL answered HTTP ${answer.status} to the glossary creation without a glossary_id`, 'deepl', answer.status);
    return id;
  }

  private request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer> {
    return send('deepl', 'DeepL', `${this.url}${path}`, { method, headers: { Authorization: `DeepL-Auth-Key ${this.#apiKey}` }, body, timeoutMs: this.timeoutMs });
  }

  private failure(action: string, answer: Answer): ProviderError {
    const hint = HINTS[answer.status] ?? (answer.status >= 500 ? 'DeepL server error, try again later' : 'unexpected answer');
    const detail = providerMessage(answer.json);
    return new ProviderError(redact(`DeepL ${action} failed: HTTP ${answer.status} (${hint})${detail ? `: ${detail}` : ''}`, [this.#apiKey]), 'deepl', answer.status);
  }
}

const glossaryKey = (source: string, target: string, tsv: string) => `${source}>${target}:${createHash('sha256').update(tsv, 'utf8').digest('hex')}`;

/** Whether a translate answer says the glossary is gone: 404, or a 400 whose message says so. */
function glossaryMissing(answer: Answer): boolean {
  if (answer.status === 404) return true;
  const message = providerMessage(answer.json) ?? '';
  return answer.status === 400 && /glossary/i.test(message) && /not found|unknown|does not exist|no such/i.test(message);
}
