import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'http';

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

export const originOf = (req: IncomingMessage) => {
  const origin = req.headers.origin;
  return typeof origin === 'string' ? origin : '';
};

/**
 * The headers Koa's stack gave the last cached answer for a request from the same `Origin`
 * (security headers, CSP, CORS, X-Powered-By …), learned from a real answer by the middleware,
 * for the last 64 origins: the listener sends nothing the middlewares would not send, and until
 * Koa has answered one hit for an origin, requests from it take the Koa path.
 */
export class HitHeaders {
  /** Per Origin header value ('' for none). */
  private readonly templates = new Map<string, OutgoingHttpHeaders>();
  /** Whether a listener uses them; nothing is learned otherwise. */
  listening = false;
  private readonly perAnswer: Set<string>;

  /** `alsoPerAnswer`: more headers set per answer (the CDN tag headers). */
  constructor(alsoPerAnswer: string[] = []) {
    this.perAnswer = new Set([...PER_ANSWER, ...alsoPerAnswer.map((name) => name.toLowerCase())]);
  }

  of(req: IncomingMessage): OutgoingHttpHeaders | undefined {
    return this.templates.get(originOf(req));
  }

  clear(): void {
    this.templates.clear();
  }

  /** Once a hit answered by the middleware is sent, its headers (without the per-answer ones) become the template for its origin. */
  learn(req: IncomingMessage, res: ServerResponse): void {
    if (!this.listening || req.method !== 'POST') return;
    const origin = originOf(req);
    res.once('finish', () => {
      if (res.statusCode !== 200) return;
      const template: OutgoingHttpHeaders = {};
      // The names as the middlewares spelled them (Node ≥ 15; not in this project's @types/node).
      for (const name of (res as ServerResponse & { getRawHeaderNames(): string[] }).getRawHeaderNames()) {
        const value = res.getHeader(name);
        if (value !== undefined && !this.perAnswer.has(name.toLowerCase())) template[name] = value;
      }
      // The least recently learned origin makes room (made-up origins cannot keep real ones out for good).
      this.templates.delete(origin);
      if (this.templates.size >= MAX_ORIGINS) this.templates.delete(this.templates.keys().next().value as string);
      this.templates.set(origin, template);
    });
  }
}
