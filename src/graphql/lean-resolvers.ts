import path from 'path';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { perRequest } from './per-request';

type Resolver = (parent: unknown, args: unknown, context: Context, info: unknown) => unknown;
type Middleware = (next: Resolver, parent: unknown, args: unknown, context: Context, info: unknown) => unknown;
type Context = { state?: { auth?: unknown } };
type Field = { resolve?: Resolver };
type ObjectLikeType = { getFields(): Record<string, Field> };
type ResolverConfig = { auth?: unknown; middlewares?: unknown[]; policies?: unknown[] };
type WrapOptions = { schema: { getTypeMap(): Record<string, unknown> }; extension?: { resolversConfig?: Record<string, ResolverConfig> } };

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * plugin-graphql wraps the resolver of every field of the schema in an async function that
 * checks auth, runs the field's middlewares, then a policy middleware that builds a policy
 * context and runs the field's policies. Two kinds of fields get a leaner equivalent:
 *
 * - A field with the default resolver and no resolver configuration (the hundreds of plain
 *   scalar fields of a page: `title`, `slug`, …): the wrapper decides nothing (auth is only
 *   checked for root fields or configured ones, there are no middlewares, no policies), so it is
 *   taken off again: GraphQL reads the property directly.
 * - A non-root field with a resolver of its own and no resolver configuration (the fields of
 *   response collections, pagination, media formats …): its resolver, without the policy
 *   context built for no policy.
 * - A configured non-root field without policies (every relation, component and media field:
 *   plugin-graphql gives each an auth scope, the batch loading a middleware): the same auth
 *   check, made once per request and scope instead of once per parent
 *   (`strapi.auth.verify` decides by the request's credentials and the scope alone), then the
 *   same middlewares and resolver, without the policy context nobody reads.
 *
 * Root fields and fields with policies keep plugin-graphql's wrapper.
 */
export function registerLeanFieldResolvers(strapi: Core.Strapi): void {
  // Not exported by the package: loaded from its file (the module plugin-graphql itself calls).
  const file = path.join(path.dirname(require.resolve('@strapi/plugin-graphql/package.json')), 'dist/server/services/content-api/wrap-resolvers.js');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const wrapping = require(file) as { wrapResolvers?: (options: WrapOptions) => unknown };
  const wrapResolvers = wrapping.wrapResolvers;
  if (typeof wrapResolvers !== 'function') {
    throw new Error('GraphQL batching: plugin-graphql no longer has content-api/wrap-resolvers.js; set GRAPHQL_BATCHING=false or update src/graphql/lean-resolvers.ts');
  }
  const verified = perRequest<Promise<boolean>>();
  /** Whether the request may use the scope: strapi.auth.verify once per request and configuration. */
  const allowed = (context: Context, key: string, auth: unknown) =>
    verified(context, key, () =>
      strapi.auth.verify(context?.state?.auth as never, auth as never).then(
        () => true,
        () => false
      )
    );

  wrapping.wrapResolvers = (options: WrapOptions) => {
    const configured = options.extension?.resolversConfig ?? {};
    const plain: Field[] = [];
    const lean: Array<{ field: Field; config: ResolverConfig; base: Resolver }> = [];
    for (const [typeName, type] of Object.entries(options.schema.getTypeMap())) {
      if (typeName.startsWith('__') || ROOT_TYPES.has(typeName) || typeof (type as ObjectLikeType).getFields !== 'function') continue;
      for (const [fieldName, field] of Object.entries((type as ObjectLikeType).getFields())) {
        if (fieldName.startsWith('__')) continue;
        const config = configured[`${typeName}.${fieldName}`];
        if (config === undefined && field.resolve === undefined) {
          plain.push(field);
          continue;
        }
        const { middlewares = [], policies } = config ?? {};
        const noPolicies = policies === undefined || (Array.isArray(policies) && policies.length === 0);
        if (noPolicies && Array.isArray(middlewares) && middlewares.every((middleware) => typeof middleware === 'function')) {
          lean.push({ field, config: config ?? {}, base: field.resolve ?? ((parent) => (parent as Record<string, unknown> | null)?.[fieldName]) });
        }
      }
    }
    const schema = wrapResolvers(options);
    for (const field of plain) field.resolve = undefined;
    for (const { field, config, base } of lean) {
      const middlewares = (config.middlewares ?? []) as Middleware[];
      // The middlewares bound to each other, the last to the field's resolver, as plugin-graphql binds them.
      const chain = middlewares.reduceRight<Resolver>((next, middleware) => (parent, args, context, info) => middleware(next, parent, args, context, info), base);
      const auth = config.auth;
      const key = JSON.stringify(auth ?? null);
      field.resolve =
        auth === undefined || auth === null || auth === false
          ? chain
          : async (parent, args, context, info) => {
              if (!(await allowed(context, key, auth))) throw new errors.ForbiddenError();
              return chain(parent, args, context, info);
            };
    }
    strapi.log.debug(`[graphql] ${plain.length} plain fields resolve without the auth/policy wrapper, ${lean.length} configured fields with a lean one`);
    return schema;
  };
}
