import type { Context } from 'koa';

/** Answers 400 with Strapi's error shape for bad input: `{ data: null, error: { status, name: 'ValidationError', message, details } }`. */
export function answerValidationError(ctx: Context, message: string, details: Record<string, unknown> = {}): void {
  ctx.status = 400;
  ctx.type = 'application/json';
  ctx.body = { data: null, error: { status: 400, name: 'ValidationError', message, details } };
}

/** Answers 400 with GraphQL's error shape, before Apollo: `{ errors: [{ message, extensions: { code } }] }`. */
export function answerGraphqlErrors(ctx: Context, messages: string[], code: 'BAD_USER_INPUT' | 'GRAPHQL_VALIDATION_FAILED'): void {
  ctx.status = 400;
  ctx.type = 'application/json';
  ctx.body = { errors: messages.map((message) => ({ message, extensions: { code } })) };
}

/**
 * Answers 503 with `Retry-After` and no caching: GraphQL's error shape (code SERVICE_UNAVAILABLE)
 * on the GraphQL endpoint, Strapi's elsewhere.
 */
export function answerUnavailable(ctx: Context, graphql: boolean, message: string, retryAfterSeconds: number): void {
  ctx.status = 503;
  ctx.remove('ETag');
  ctx.remove('X-Cache');
  ctx.set('Retry-After', String(retryAfterSeconds));
  ctx.set('Cache-Control', 'no-store');
  ctx.type = 'application/json';
  ctx.body = graphql
    ? { errors: [{ message, extensions: { code: 'SERVICE_UNAVAILABLE' } }], data: null }
    : { data: null, error: { status: 503, name: 'ServiceUnavailableError', message, details: { retryAfterSeconds } } };
}
