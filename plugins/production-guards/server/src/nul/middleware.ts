import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { graphqlBodyParser } from '../graphql/body';
import { answerGraphqlErrors, answerValidationError } from '../http/answers';
import { isRoute } from '../http/route-path';
import { documentHasNul, NUL, NUL_ESCAPE, NUL_IN_URL, nulPath } from './characters';

type UploadedFile = { originalFilename?: unknown; mimetype?: unknown };

/** Where a request holds a NUL character, in words, or null. */
function nulIn(ctx: Context, graphql: boolean): string | null {
  if (NUL_IN_URL.test(ctx.path) || ctx.path.includes(NUL)) return 'the URL path';
  if (NUL_IN_URL.test(ctx.querystring) || ctx.querystring.includes(NUL)) return 'the query string';
  const body = (ctx.request as { body?: unknown }).body;
  const inBody = nulPath(body);
  if (inBody !== null) return inBody ? `the request body at "${inBody}"` : 'the request body';
  // A form field may hold JSON, as the upload's fileInfo does, with the NUL written as `\u0000`.
  if (ctx.is('multipart') && body && typeof body === 'object') {
    for (const [field, value] of Object.entries(body)) {
      const inField = typeof value === 'string' && NUL_ESCAPE.test(value) ? jsonNulPath(value) : null;
      if (inField !== null) return `the request body at "${inField ? `${field}.${inField}` : field}"`;
    }
  }
  const files = (ctx.request as { files?: Record<string, UploadedFile | UploadedFile[]> }).files;
  // A file's bytes are no text; its name and declared type are stored as text.
  for (const file of Object.values(files ?? {}).flat()) {
    if (nulPath([file?.originalFilename, file?.mimetype]) !== null) return 'the name or type of an uploaded file';
  }
  if (!graphql) return null;
  const fields = (ctx.method === 'POST' ? body : ctx.query) as { query?: unknown; variables?: unknown } | undefined;
  if (typeof fields?.query === 'string' && documentHasNul(fields.query)) return 'a string in the GraphQL document';
  if (ctx.method === 'GET' && typeof fields?.variables === 'string' && NUL_ESCAPE.test(fields.variables)) {
    const inVariables = jsonNulPath(fields.variables); // variables that are no JSON are Apollo's to answer
    if (inVariables !== null) return `the GraphQL variables at "${inVariables}"`;
  }
  return null;
}

/** nulPath of a JSON text's value, or null when the text is no JSON. */
function jsonNulPath(text: string): string | null {
  try {
    return nulPath(JSON.parse(text));
  } catch {
    return null;
  }
}

/**
 * Refuses with a 400 any request with a NUL character (U+0000) in its URL path, its query string,
 * its parsed body (JSON, form fields; keys and values, at any depth), an uploaded file's name or
 * type, or a string literal or the variables of a GraphQL document. PostgreSQL's text cannot hold
 * a NUL ("invalid byte sequence for encoding UTF8: 0x00"): such a value, wherever it reached the
 * database (a filter, a locale, a slug, a title), made the request fail with a 500. SQLite stored
 * or compared it. The answer is Strapi's error shape, or a GraphQL error with the code
 * BAD_USER_INPUT on the GraphQL endpoint. Uploaded files' contents are left alone.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const endpoint: string = strapi.plugin('graphql').config('endpoint');
  const parser = graphqlBodyParser(strapi);
  return async (ctx: Context, next: Next) => {
    const graphql = isRoute(ctx.path, endpoint);
    // Strapi's body middleware leaves the GraphQL route's body to the route's parser; read it here,
    // where the route's parser (and the response cache) find it parsed.
    if (graphql && ctx.method === 'POST' && parser && ctx.is('application/json') === 'application/json' && (ctx.request as { body?: unknown }).body === undefined) {
      await parser(ctx, async () => undefined);
    }
    const where = nulIn(ctx, graphql);
    if (!where) return next();
    const message = `NUL characters (U+0000) are not allowed in text; the request has one in ${where}`;
    if (!graphql) return answerValidationError(ctx, message, { where });
    answerGraphqlErrors(ctx, [message], 'BAD_USER_INPUT');
  };
};
