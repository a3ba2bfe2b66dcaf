import crypto from 'crypto';
import { parse, print, type DocumentNode } from 'graphql';
import { LRUCache } from 'lru-cache';

/** Sorted keys, so {a, b} and {b, a} are the same variables. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${stableStringify((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The key of a public request: the normalised query, its variables and operation, and the role. */
export function cacheKey(document: DocumentNode | string, variables: Record<string, unknown> | undefined, operationName: string | null | undefined): string {
  return crypto
    .createHash('sha256')
    .update(stableStringify(['public', typeof document === 'string' ? document : print(document), variables ?? {}, operationName ?? null]))
    .digest('hex');
}

/** The weak ETag of an answer's JSON. */
export const etagOf = (body: string) => `W/"${crypto.createHash('sha1').update(body).digest('base64url')}"`;

/** Normalised (parsed and printed) query texts, so a repeated query is not parsed again. */
const normalised = new LRUCache<string, string>({ max: 500 });
const MAX_FAST_QUERY_LENGTH = 20000;

/**
 * The cache key of a public request, from its query, variables and operation name as the body
 * gave them; null when they are not of the types Apollo accepts, the query does not parse or the
 * key cannot be computed (variables nested too deep). The same key as `cacheKey` of the parsed
 * document: printing a parsed query gives the normalised text.
 */
export function requestKey(query: unknown, variables: unknown, operationName: unknown): string | null {
  if (typeof query !== 'string' || query.length > MAX_FAST_QUERY_LENGTH) return null;
  if (variables !== undefined && variables !== null && (typeof variables !== 'object' || Array.isArray(variables))) return null;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') return null;
  let text = normalised.get(query);
  if (text === undefined) {
    try {
      text = print(parse(query));
    } catch {
      return null; // Apollo reports the syntax error
    }
    normalised.set(query, text);
  }
  try {
    return cacheKey(text, (variables ?? undefined) as Record<string, unknown> | undefined, operationName as string | null | undefined);
  } catch {
    return null; // variables nested deeper than the key's walk can go: Apollo answers them uncached
  }
}
