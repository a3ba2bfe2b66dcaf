import type { Core } from '@strapi/strapi';
import { GraphQLBoolean, GraphQLObjectType, GraphQLSchema, KnownFragmentNamesRule, NoFragmentCyclesRule, parse, validate, type DocumentNode } from 'graphql';
import type { Context, Next } from 'koa';
import { guardsConfig } from '../config';
import { answerGraphqlErrors } from '../http/answers';
import { isRoute } from '../http/route-path';
import { graphqlBodyParser } from './body';
import { textNestingDepth } from './nesting';

/** Both rules read only the document's fragments; validate() asks for some schema to walk with. */
const ANY_SCHEMA = new GraphQLSchema({ query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLBoolean } } }) });

/** graphql-js's own messages for fragments that spread themselves or do not exist, or none. */
export function fragmentErrors(document: DocumentNode): string[] {
  return validate(ANY_SCHEMA, document, [NoFragmentCyclesRule, KnownFragmentNamesRule]).map((error) => error.message);
}

/**
 * Refuses, with a 400 before it reaches Apollo, a GraphQL document whose fragments spread each
 * other in a cycle or spread a fragment it does not define: Strapi's depth-limit rule
 * (graphql-depth-limit) assumes neither happens, and follows a cycle until the stack overflows or
 * reads the missing fragment, so the request ends in a 500. graphql-js reports both itself, but
 * every validation rule runs in the same pass. Documents without fragments are not parsed here.
 *
 * It also refuses, without parsing, a document whose braces, brackets and parentheses nest deeper
 * than any valid one can (plugin-graphql's depth limit plus `graphqlDocuments.maxArgumentDepth`, and a level for
 * the arguments' parentheses): graphql-js would build the whole tree and walk it once per
 * validation rule before the depth rules could refuse it.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const settings = guardsConfig(strapi).graphqlDocuments;
  if (!settings.enabled) return async (_ctx: Context, next: Next) => next();
  const endpoint: string = strapi.plugin('graphql').config('endpoint');
  const parser = graphqlBodyParser(strapi);
  const maxNesting = (strapi.plugin('graphql').config('depthLimit') as number) + settings.maxArgumentDepth + 2;
  return async (ctx: Context, next: Next) => {
    if (!isRoute(ctx.path, endpoint) || (ctx.method !== 'GET' && ctx.method !== 'POST')) return next();
    let query: unknown;
    if (ctx.method === 'POST') {
      if (!parser || ctx.is('application/json') !== 'application/json') return next();
      // The route's parser leaves a parsed body alone; a body it cannot parse answers 400 here as there.
      if ((ctx.request as { body?: unknown }).body === undefined) await parser(ctx, async () => undefined);
      query = ((ctx.request as { body?: { query?: unknown } }).body ?? {}).query;
    } else {
      query = ctx.query.query;
    }
    if (typeof query !== 'string') return next();
    if (textNestingDepth(query, maxNesting) > maxNesting) {
      const message = `The document nests braces, brackets and parentheses deeper than ${maxNesting} levels, more than the depth limits allow`;
      return answerGraphqlErrors(ctx, [message], 'GRAPHQL_VALIDATION_FAILED');
    }
    if (!query.includes('...')) return next();
    let document: DocumentNode;
    try {
      document = parse(query, { noLocation: true });
    } catch {
      return next(); // Apollo answers syntax errors with a 400 of its own
    }
    const errors = fragmentErrors(document);
    if (errors.length === 0) return next();
    answerGraphqlErrors(ctx, errors, 'GRAPHQL_VALIDATION_FAILED');
  };
};
