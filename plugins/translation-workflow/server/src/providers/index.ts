import { DeepLProvider } from './deepl';
import { LibreTranslateProvider } from './libretranslate';
import { escapeText, unescapeText } from '../rich-text';

/** One glossary entry for one language pair; `translation === term` means "do not translate". */
export type GlossaryEntry = { term: string; translation: string };

/** Texts to translate; `source` and `target` are Strapi locale codes ('da', 'en', 'uk'); `tagged` texts carry the rich-text codec's XML-like tags. */
export type TranslateRequest = { texts: string[]; source: string; target: string; tagged: boolean; glossary: GlossaryEntry[] };

export interface TranslationProvider {
  readonly name: 'deepl' | 'libretranslate';
  /** Whether the provider can translate this pair at all. */
  supports(source: string, target: string): boolean;
  usesGlossaries: boolean;
  /** One translation per text, in order. Fails with a ProviderError. */
  translate(request: TranslateRequest): Promise<string[]>;
}

/** Any failure of a provider: its message names the provider, and the HTTP status when there was one; it never holds the API key. */
export class ProviderError extends Error {
  constructor(
    message: string,
    readonly provider: string,
    readonly status?: number
  ) {
    super(message);
    this.name = 'ProviderError';
  }
}

export type DeepLSettings = { name: 'deepl'; apiKey: string; url?: string; timeoutMs?: number };
export type LibreTranslateSettings = { name: 'libretranslate'; url: string; apiKey?: string; timeoutMs?: number };

export function createProvider(settings: DeepLSettings | LibreTranslateSettings): TranslationProvider {
  switch (settings?.name) {
    case 'deepl':
      return new DeepLProvider(settings);
    case 'libretranslate':
      return new LibreTranslateProvider(settings);
    default:
      throw new Error(`translation-workflow: unknown translation provider ${JSON.stringify((settings as { name?: unknown } | undefined)?.name)} (deepl or libretranslate)`);
  }
}

// What both providers share

/** An HTTP answer: status, raw text and the parsed JSON body (undefined when the body is not JSON). */
export type Answer = { status: number; text: string; json: unknown };

/** A base URL without a trailing slash; refuses anything but http(s) without credentials. */
export function baseUrl(provider: string, label: string, url: unknown): string {
  const parsed = typeof url === 'string' && URL.canParse(url) ? new URL(url) : null;
  if (!parsed || !['http:', 'https:'].includes(parsed.protocol) || parsed.username || parsed.password) throw new ProviderError(`${label} needs an absolute http(s) URL without credentials`, provider);
  return parsed.href.replace(/\/+$/, '');
}

/** One request to a provider. Network failures and timeouts become ProviderErrors; HTTP answers of any status are returned. */
export async function send(provider: string, label: string, url: string, init: { method: string; headers: Record<string, string>; body?: unknown; timeoutMs: number }): Promise<Answer> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method,
      headers: {
        Accept: 'application/json',
        'User-Agent': 'library-partnerships-cms translation-workflow',
        ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...init.headers,
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(init.timeoutMs),
    });
  } catch (error) {
    throw unreachable(provider, label, url, init.timeoutMs, error);
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    throw unreachable(provider, label, url, init.timeoutMs, error);
  }
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

function unreachable(provider: string, label: string, url: string, timeoutMs: number, error: unknown): ProviderError {
  const name = (error as Error | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return new ProviderError(`${label} did not answer within ${timeoutMs} ms`, provider);
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  const message = cause?.message ?? (error as Error | undefined)?.message ?? String(error);
  const reason = cause?.code && !message.includes(cause.code) ? `${message} (${cause.code})` : message;
  return new ProviderError(`${label} could not be reached at ${new URL(url).origin}: ${reason}`, provider);
}

/** The error message a provider put in its JSON answer (`message`/`detail` for DeepL, `error` for LibreTranslate), shortened. */
export function providerMessage(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const { message, detail, error } = json as Record<string, unknown>;
  const parts = [message, detail, error].filter((part): part is string => typeof part === 'string' && part.trim() !== '');
  if (parts.length === 0) return undefined;
  const text = parts.join(': ').replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** A text with every occurrence of the secrets replaced, for messages built from what a server said. */
export function redact(text: string, secrets: Array<string | undefined>): string {
  return secrets.reduce<string>((out, secret) => (secret && secret.length >= 4 ? out.split(secret).join('[redacted]') : out), text);
}

/** For a pair whose provider cannot keep tags: the text of a tagged string, without its markup. */
export const untag = (tagged: string) => unescapeText(tagged.replace(/<[^<>]*>/g, ''));

/** Plain text made safe to read as a tagged string (rich-text.ts's, for the providers). */
export { escapeText };
