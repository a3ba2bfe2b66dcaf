import { baseUrl, escapeText, ProviderError, providerMessage, redact, send, type Answer, type LibreTranslateSettings, type TranslateRequest, type TranslationProvider } from './index';

/*
 * LibreTranslate's POST /translate (github.com/LibreTranslate/LibreTranslate, libretranslate/app.py):
 * JSON { q: string | string[], source, target, format: 'text' | 'html', api_key? } → { translatedText: string | string[] };
 * errors are { error: string } with 400 (bad request, unsupported language or pair, missing API key), 403 (invalid
 * API key, banned), 429 (slow down) or 500. It has no glossaries. Its answers are HTML-unescaped, also in html format.
 */

/** Texts per request: servers may set a batch limit (none by default). */
const MAX_TEXTS = 50;

const HINTS: Record<number, string> = {
  400: 'bad request',
  403: 'forbidden: the API key is invalid, or this client is banned',
  404: 'not found: is the URL that of a LibreTranslate server?',
  429: 'too many requests: the server asks to slow down, try again later',
  500: 'LibreTranslate internal error',
};

/** A tag as LibreTranslate's HTML handling gives tags back. */
const TAG = /<\/?[A-Za-z][\w:.-]*(?:\s[^<>]*)?\/?>/g;

/**
 * LibreTranslate answers unescaped text even in html format: `&lt;` comes back as `<`. This escapes the text
 * between tags again, so the answer reads as the tagged string it was sent as.
 */
export function reescapeHtml(answer: string): string {
  let out = '';
  let last = 0;
  for (const match of answer.matchAll(TAG)) {
    out += escapeText(answer.slice(last, match.index)) + match[0];
    last = (match.index ?? 0) + match[0].length;
  }
  return out + escapeText(answer.slice(last));
}

/** A self-hosted (or hosted) LibreTranslate server. */
export class LibreTranslateProvider implements TranslationProvider {
  readonly name = 'libretranslate' as const;
  readonly usesGlossaries = false;
  readonly url: string;
  readonly timeoutMs: number;
  readonly #apiKey: string | undefined;

  constructor(settings: Omit<LibreTranslateSettings, 'name'>) {
    this.url = baseUrl('libretranslate', 'LibreTranslate', settings?.url);
    this.#apiKey = settings.apiKey?.trim() || undefined;
    this.timeoutMs = settings.timeoutMs ?? 60_000;
  }

  /** Any pair: the server decides, and answers an unsupported one with a 400. */
  supports(_source: string, _target: string): boolean {
    return true;
  }

  async translate(request: TranslateRequest): Promise<string[]> {
    const { texts, source, target, tagged } = request;
    const out: string[] = [];
    for (let start = 0; start < texts.length; start += MAX_TEXTS) {
      const part = texts.slice(start, start + MAX_TEXTS);
      const body = { q: part, source, target, format: tagged ? 'html' : 'text', ...(this.#apiKey ? { api_key: this.#apiKey } : {}) };
      const answer = await send('libretranslate', 'LibreTranslate', `${this.url}/translate`, { method: 'POST', headers: {}, body, timeoutMs: this.timeoutMs });
      if (answer.status < 200 || answer.status >= 300) throw this.failure(answer);
      const translated = (answer.json as { translatedText?: unknown } | undefined)?.translatedText;
      if (!Array.isArray(translated) || !translated.every((text) => typeof text === 'string'))
        throw new ProviderError(`LibreTranslate answered HTTP ${answer.status} without the expected translatedText list`, 'libretranslate', answer.status);
      if (translated.length !== part.length) throw new ProviderError(`LibreTranslate answered ${translated.length} translations for ${part.length} texts`, 'libretranslate', answer.status);
      out.push(...(tagged ? translated.map(reescapeHtml) : translated));
    }
    return out;
  }

  private failure(answer: Answer): ProviderError {
    const hint = HINTS[answer.status] ?? (answer.status >= 500 ? 'LibreTranslate server error' : 'unexpected answer');
    const detail = providerMessage(answer.json);
    return new ProviderError(redact(`LibreTranslate translation failed: HTTP ${answer.status} (${hint})${detail ? `: ${detail}` : ''}`, [this.#apiKey]), 'libretranslate', answer.status);
  }
}
