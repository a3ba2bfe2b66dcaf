import type { Context, Next } from 'koa';
import { answerValidationError } from '../utils/validation-answer';

/** The Content Manager's document routes: create, update, clone, publish and the other actions. */
const DOCUMENT_ROUTE = /^\/content-manager\/(collection-types|single-types)\//i;
const BULK_ACTION = /\/actions\/bulk/i;

/**
 * The Content Manager reads a document's fields from a JSON object; Strapi does not check that
 * the body is one, nor that it leaves out `id`, before both reach the database:
 *
 * - a body that is a list (`[1, 2]`) made the permission check throw a TypeError, a 500. It is
 *   refused with a 400 here.
 * - an `id` in a create or update body was written to the row's primary key as given: `"abc"`
 *   made the insert fail (500), and a number would take an id that the table's sequence gives out
 *   later. It is dropped, as Strapi drops it itself when it publishes a draft; the document's
 *   address is its documentId, in the URL.
 */
export default () => async (ctx: Context, next: Next) => {
  if ((ctx.method !== 'POST' && ctx.method !== 'PUT') || !DOCUMENT_ROUTE.test(ctx.path)) return next();
  const body = (ctx.request as { body?: unknown }).body;
  if (body === undefined || body === null) return next();
  if (typeof body !== 'object' || Array.isArray(body)) {
    return answerValidationError(ctx, "The request body must be a JSON object of the document's fields");
  }
  if (!BULK_ACTION.test(ctx.path)) delete (body as Record<string, unknown>).id;
  return next();
};
