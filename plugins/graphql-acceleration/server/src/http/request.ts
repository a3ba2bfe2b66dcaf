import type { Context } from 'koa';
import { LRUCache } from 'lru-cache';
import { requestKey } from '../cache/keys';

/**
 * The one reading of a GraphQL request that the listener (before Koa) and the middleware (in
 * Koa) share: which requests may be answered from the cache, and their query, variables,
 * operation name and cache key.
 */

export type GraphqlFields = { query: unknown; variables: unknown; operationName: unknown };

/** Whether Apollo would answer `accept` with plain JSON (a hit is sent as plain JSON). */
export function jsonAccepted(accept: string | undefined): boolean {
  if (!accept) return true;
  const value = accept.toLowerCase();
  if (value.includes('application/graphql-response+json')) return false;
  return value.includes('application/json') || value.includes('*/*');
}

/** query, variables and operationName of a parsed POST body, or null when it is anything but a plain object without extensions. */
export function graphqlFields(body: unknown): GraphqlFields | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const { query, variables, operationName, extensions } = body as Record<string, unknown>;
  return extensions === undefined ? { query, variables, operationName } : null;
}

/** The key of `graphqlFields`, or null. */
export const fieldsKey = (fields: GraphqlFields | null) => (fields ? requestKey(fields.query, fields.variables, fields.operationName) : null);

/** NUL characters (a JSON `\u0000`, or a raw one): such bodies are left to Koa, where the app may refuse them. */
const NUL_ESCAPE = /\\u(?:0000|\{0+\})/;

/** graphqlFields of a raw JSON body, or null when it does not parse or is one Koa's body parser refuses. */
function graphqlBody(text: string): GraphqlFields | null {
  // Koa's body parser refuses prototype-poisoning keys with a 400: leave such bodies to it.
  if (text.includes('__proto__') || text.includes('constructor')) return null;
  try {
    return graphqlFields(JSON.parse(text));
  } catch {
    return null;
  }
}

/** Bodies up to this size keep their cache key (web teams send the same few queries again and again). */
const MAX_KEPT_BODY = 8 * 1024;
/** Cache key per request body, or false for a body left to Koa: a pure function of the text. */
const keysByBody = new LRUCache<string, string | false>({ max: 500 });

/** The cache key of a raw request body, or null when the request must be left to Koa. */
export function keyOfBody(body: Buffer): string | null {
  const text = body.toString('utf8');
  const kept = keysByBody.get(text);
  if (kept !== undefined) return kept || null;
  const key = NUL_ESCAPE.test(text) || text.includes('\u0000') ? null : fieldsKey(graphqlBody(text));
  if (text.length <= MAX_KEPT_BODY) keysByBody.set(text, key ?? false);
  return key;
}

/**
 * Apollo's CSRF prevention refuses "simple" requests (those a browser sends cross-site without a
 * preflight). Only requests it would let through are answered from the cache: POST with a JSON
 * body, or GET with one of Apollo's preflight headers.
 */
export function passesCsrfPrevention(ctx: Context): boolean {
  if (ctx.method === 'POST') return ctx.is('application/json') === 'application/json';
  return Boolean(ctx.get('apollo-require-preflight') || ctx.get('x-apollo-operation-name'));
}

/** The query, variables and operation name of a GraphQL GET or POST (its body parsed), or null. */
export function graphqlRequest(ctx: Context): GraphqlFields | null {
  if (ctx.method === 'POST') return graphqlFields((ctx.request as { body?: unknown }).body);
  const { query, variables, operationName, extensions } = ctx.query as Record<string, unknown>;
  if (extensions !== undefined || Array.isArray(query) || Array.isArray(variables) || Array.isArray(operationName)) return null;
  if (variables === undefined) return { query, variables: undefined, operationName };
  try {
    return { query, variables: JSON.parse(String(variables)), operationName };
  } catch {
    return null;
  }
}
