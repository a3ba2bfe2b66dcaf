import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { editorMessages, messageLanguage } from '../content-rules/editor-messages';
import { productionGuards, type ProductionGuards } from '../plugin-services';

type AccessTokenCheck = ReturnType<ProductionGuards['adminAccessTokenCheck']>;

/** The Content Manager's document routes: create, update, clone, publish and the other actions. */
const DOCUMENT_ROUTE = /^\/content-manager\/(collection-types|single-types)\//i;
const BULK_ACTION = /\/actions\/bulk/i;

/**
 * The admin user whose access token the request carries, or null. This middleware runs before
 * Strapi's routing and authentication, so it reads the token as Strapi's admin authentication
 * does (signature and expiry; the session need not be looked up to choose a message's language).
 */
async function adminUserOfToken(strapi: Core.Strapi, validateAccessToken: AccessTokenCheck, ctx: Context): Promise<{ preferedLanguage?: string | null } | null> {
  const [scheme, token, ...rest] = (ctx.get('authorization') || '').split(/\s+/);
  if (scheme?.toLowerCase() !== 'bearer' || !token || rest.length > 0) return null;
  const result = validateAccessToken(token);
  const id = result.isValid ? result.payload?.userId : undefined;
  if (id === undefined || id === null) return null;
  const numeric = Number(id);
  return strapi.db.query('admin::user').findOne({ where: { id: Number.isFinite(numeric) && String(numeric) === String(id) ? numeric : id }, select: ['preferedLanguage'] });
}

/**
 * The Content Manager reads a document's fields from a JSON object; Strapi does not check that
 * the body is one, nor that it leaves out `id`, before both reach the database:
 *
 * - a body that is a list (`[1, 2]`) made the permission check throw a TypeError, a 500. It is
 *   refused with a 400 here, in the admin user's language (src/content-rules/editor-messages.ts;
 *   a request without a valid admin token is answered as an admin route is: Accept-Language,
 *   else Danish).
 * - an `id` in a create or update body was written to the row's primary key as given: `"abc"`
 *   made the insert fail (500), and a number would take an id that the table's sequence gives out
 *   later. It is dropped, as Strapi drops it itself when it publishes a draft; the document's
 *   address is its documentId, in the URL.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const guards = productionGuards(strapi);
  const validateAccessToken = guards.adminAccessTokenCheck();
  return async (ctx: Context, next: Next) => {
    if ((ctx.method !== 'POST' && ctx.method !== 'PUT') || !DOCUMENT_ROUTE.test(ctx.path)) return next();
    const body = (ctx.request as { body?: unknown }).body;
    if (body === undefined || body === null) return next();
    if (typeof body !== 'object' || Array.isArray(body)) {
      const user = await adminUserOfToken(strapi, validateAccessToken, ctx).catch(() => null);
      return guards.answers.validationError(ctx, editorMessages(messageLanguage(ctx, user ?? {})).bodyNotAnObject());
    }
    if (!BULK_ACTION.test(ctx.path)) delete (body as Record<string, unknown>).id;
    return next();
  };
};
