type ConditionalContext = { method: string; path: string; status: number; get(field: string): string; response: { get(field: string): string } };

/**
 * Whether a GET's `If-None-Match` names `etag` (weak comparison, RFC 9110 §13.1.2): `*`, or one of
 * its entity tags with the same opaque tag, `W/` or not.
 *
 * Unlike Koa's `ctx.fresh`, whatever the request's Cache-Control says: `fresh` answers "not fresh"
 * to any request with `Cache-Control: no-cache`, and every fetch() with an If-None-Match sends one
 * (the Fetch standard switches such requests to "no-store"), as browsers do on reload. `no-cache`
 * tells caches to revalidate with the origin; an origin that answers 304 is that revalidation.
 */
export function matchesIfNoneMatch(header: string | undefined, etag: string | undefined): boolean {
  if (!header || !etag) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const wanted = opaque(etag);
  return header.split(',').some((tag) => opaque(tag) === wanted);
}

/** Whether a GET of the GraphQL route may be answered 304 for this ETag. */
export const notModified = (ctx: Pick<ConditionalContext, 'method' | 'get'>, etag: string | undefined) => ctx.method === 'GET' && matchesIfNoneMatch(ctx.get('if-none-match'), etag);

/** Koa middleware: answers 304 to a conditional GET of the GraphQL route whose ETag still matches. */
export function conditionalGet(endpoint: string) {
  return async (ctx: ConditionalContext, next: () => Promise<void>) => {
    await next();
    if (ctx.path === endpoint && ctx.status === 200 && notModified(ctx, ctx.response.get('etag'))) ctx.status = 304;
  };
}
