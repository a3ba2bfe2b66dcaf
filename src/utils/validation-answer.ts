import type { Context } from 'koa';

/** Answers 400 with Strapi's error shape for bad input: `{ data: null, error: { status, name: 'ValidationError', message, details } }`. */
export function answerValidationError(ctx: Context, message: string, details: Record<string, unknown> = {}): void {
  ctx.status = 400;
  ctx.type = 'application/json';
  ctx.body = { data: null, error: { status: 400, name: 'ValidationError', message, details } };
}
