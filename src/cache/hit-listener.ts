import type { IncomingMessage, OutgoingHttpHeaders, Server, ServerResponse } from 'http';
import type { Core } from '@strapi/strapi';
import { diagnosticHeaders } from '../diagnostics/sql-statements';
import { allowanceHeaders, graphqlRateLimit } from '../middlewares/rate-limit';
import { LRUCache } from 'lru-cache';
import { anonymousKey, lookupKey } from './response-cache';
import { NUL, NUL_ESCAPE } from '../utils/nul-characters';

/**
 * Cache hits answered on the HTTP server, before Koa.
 *
 * A hit answered by the `graphql-cache` middleware still pays for Koa and every global middleware
 * before it (request context, logger, errors, helmet, CORS, rate limit): most of its cost, since
 * the answer itself is stored bytes. This listener sits in front of Koa's on Strapi's HTTP
 * server and answers a plain anonymous GraphQL POST whose answer is cached, with:
 *
 * - the headers Koa's stack gave the last cached answer for a request from the same `Origin`
 *   (security headers, CSP, CORS, X-Powered-By …), learned from a real answer by the middleware
 *   (`learnHitHeaders`, for the last 64 origins): nothing is sent here that the middlewares would
 *   not send, and until Koa has answered one hit for an origin, requests from it take the Koa path;
 * - the rate limit, counted as the middleware counts it (a request handed on is not counted
 *   twice; a refused one is handed on, and Koa sends the 429);
 * - the access log line Strapi's logger writes.
 *
 * Everything else goes to Koa untouched: other paths and methods, GET, requests with an
 * Authorization header, another content type, Accept or Content-Encoding, a body over 64 KiB or
 * without Content-Length, a body that is not a plain JSON object, a miss. The body is read
 * without consuming the request stream: the HTTP parser's chunks are kept aside and handed to
 * the stream once the whole body is in, so Koa's body parser reads them as it always does.
 */

const MAX_BODY_BYTES = 64 * 1024;
const MAX_ORIGINS = 64;

/** Headers of a hit that are per request or per answer (and cookies, never replayed): never taken from a template. */
const PER_ANSWER = new Set([
  'set-cookie',
  'date',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
  'content-type',
  'etag',
  'cache-control',
  'x-cache',
  'x-cache-path',
  'x-sql-statements',
  'ratelimit-limit',
  'ratelimit-remaining',
]);

/** Per Origin header value ('' for none): the headers Koa's stack gave a cached answer. */
const templates = new Map<string, OutgoingHttpHeaders>();
let installed = false;

const originOf = (req: IncomingMessage) => {
  const origin = req.headers.origin;
  return typeof origin === 'string' ? origin : '';
};

/** Whether Apollo would answer `accept` with plain JSON (see the graphql-cache middleware). */
export function jsonAccepted(accept: string | undefined): boolean {
  if (!accept) return true;
  const value = accept.toLowerCase();
  if (value.includes('application/graphql-response+json')) return false;
  return value.includes('application/json') || value.includes('*/*');
}

/**
 * Called by the graphql-cache middleware when it answers a POST from the cache: once the answer
 * is sent, its headers (without the per-answer ones) become the template for the request's origin.
 */
export function learnHitHeaders(req: IncomingMessage, res: ServerResponse): void {
  if (!installed || req.method !== 'POST') return;
  const origin = originOf(req);
  res.once('finish', () => {
    if (res.statusCode !== 200) return;
    const template: OutgoingHttpHeaders = {};
    // The names as the middlewares spelled them (Node ≥ 15; not in this project's @types/node).
    for (const name of (res as ServerResponse & { getRawHeaderNames(): string[] }).getRawHeaderNames()) {
      const value = res.getHeader(name);
      if (value !== undefined && !PER_ANSWER.has(name.toLowerCase())) template[name] = value;
    }
    // The least recently learned origin makes room (made-up origins cannot keep real ones out for good).
    templates.delete(origin);
    if (templates.size >= MAX_ORIGINS) templates.delete(templates.keys().next().value as string);
    templates.set(origin, template);
  });
}

/** Whether the request may be answered here, judged by its head alone. */
function candidate(req: IncomingMessage, endpoint: string): boolean {
  const { headers } = req;
  if (req.method !== 'POST' || req.url !== endpoint || headers.authorization !== undefined || headers['transfer-encoding'] !== undefined) return false;
  if (headers['content-encoding'] !== undefined && headers['content-encoding'].toLowerCase() !== 'identity') return false;
  const length = Number(headers['content-length']);
  if (!Number.isInteger(length) || length <= 0 || length > MAX_BODY_BYTES) return false;
  const type = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json' && jsonAccepted(headers.accept) && templates.has(originOf(req));
}

/**
 * Collects the body as the HTTP parser pushes it, without reading the stream: `done` gets the
 * bytes once the parser has pushed them all (then the stream holds them, unread, as before), or
 * null when the request ends early.
 */
function collectBody(req: IncomingMessage, done: (body: Buffer | null) => void): void {
  const push = req.push;
  const chunks: Buffer[] = [];
  let settled = false;
  const settle = (body: Buffer | null) => {
    if (settled) return;
    settled = true;
    req.push = push;
    for (const chunk of chunks) push.call(req, chunk);
    if (body) push.call(req, null);
    done(body);
  };
  req.push = (chunk: unknown, encoding?: BufferEncoding) => {
    if (settled) return push.call(req, chunk, encoding);
    if (chunk === null) {
      settle(Buffer.concat(chunks));
      return false;
    }
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, encoding));
    return true;
  };
  req.once('close', () => settle(null));
}

export type GraphqlFields = { query: unknown; variables: unknown; operationName: unknown };

/** query, variables and operationName of a parsed POST body, or null when it is anything but a plain object without extensions. */
export function graphqlFields(body: unknown): GraphqlFields | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const { query, variables, operationName, extensions } = body as Record<string, unknown>;
  return extensions === undefined ? { query, variables, operationName } : null;
}

/** graphqlFields of a raw JSON body, or null when it does not parse. */
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
/** Cache key per request body, or false for a body the listener leaves to Koa: a pure function of the text. */
const keysByBody = new LRUCache<string, string | false>({ max: 500 });

/** The cache key of a request body, or null when the listener must leave it to Koa. */
function keyOfBody(body: Buffer): string | null {
  const text = body.toString('utf8');
  const kept = keysByBody.get(text);
  if (kept !== undefined) return kept || null;
  // A NUL anywhere (a JSON `\u0000`, or GraphQL's inside the query) is Koa's to refuse (global::nul-guard).
  if (NUL_ESCAPE.test(text) || text.includes(NUL)) return null;
  const fields = graphqlBody(text);
  const key = fields && anonymousKey(fields.query, fields.variables, fields.operationName);
  if (text.length <= MAX_KEPT_BODY) keysByBody.set(text, key ?? false);
  return key;
}

/**
 * Puts the hit listener in front of Koa's on Strapi's HTTP server. Call from bootstrap(), with
 * the response cache on.
 */
export function installHitListener(strapi: Core.Strapi): void {
  const server = strapi.server.httpServer as Server;
  const koaListeners = server.listeners('request') as Array<(req: IncomingMessage, res: ServerResponse) => void>;
  if (koaListeners.length !== 1) {
    strapi.log.warn(`[cache] the HTTP server has ${koaListeners.length} request listeners, not Koa's alone: cache hits are answered by the middleware only`);
    return;
  }
  const [koa] = koaListeners;
  const endpoint: string = strapi.plugin('graphql').config('endpoint');
  const app = strapi.server.app;
  const diagnostics = diagnosticHeaders();
  installed = true;
  templates.clear();

  /** The client address as Koa computes it (proxy settings included). */
  const clientIp = (req: IncomingMessage): string => {
    const request = Object.create(app.request) as { app: unknown; req: IncomingMessage; ip: string };
    request.app = app;
    request.req = req;
    return request.ip;
  };

  async function answer(req: IncomingMessage, res: ServerResponse, body: Buffer, started: number): Promise<boolean> {
    const key = keyOfBody(body);
    if (key === null) return false;
    const rateLimit = graphqlRateLimit();
    const allowance = rateLimit ? await rateLimit(req, clientIp(req)) : null;
    if (allowance && !allowance.allowed) return false; // Koa sends the 429 without counting again
    const lookup = await lookupKey(key);
    const template = templates.get(originOf(req));
    if (!lookup || 'miss' in lookup || !template || res.headersSent) return false;
    const { wire, etag, cacheControl } = lookup.response;
    const headers: OutgoingHttpHeaders = {
      ...template,
      ...(allowance ? allowanceHeaders(allowance) : {}),
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(wire),
      ETag: etag,
      'Cache-Control': cacheControl,
      'X-Cache': 'HIT',
      ...(diagnostics ? { 'X-Cache-Path': 'listener', 'X-SQL-Statements': '0' } : {}),
    };
    res.writeHead(200, headers);
    res.end(wire);
    // Not even formatted when the log level leaves access lines out (winston formats before it filters).
    if (strapi.log.isLevelEnabled?.('http') !== false) strapi.log.http(`POST ${req.url} (${Math.ceil(Date.now() - started)} ms) 200`);
    return true;
  }

  server.removeListener('request', koa);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (!candidate(req, endpoint)) return koa(req, res);
    const started = Date.now();
    collectBody(req, (body) => {
      if (!body) return; // the client went away before its body was in
      // A client gone meanwhile is not handed on: Koa would read a destroyed stream.
      const handOn = () => {
        if (!req.destroyed && !res.destroyed && !res.headersSent) koa(req, res);
      };
      answer(req, res, body, started).then(
        (answered) => answered || handOn(),
        (error) => {
          strapi.log.warn(`[cache] answering a hit before Koa failed (${(error as Error).message}): handing the request to Koa`);
          handOn();
        }
      );
    });
  });
}
