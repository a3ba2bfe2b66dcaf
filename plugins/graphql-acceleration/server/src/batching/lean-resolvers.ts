import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { perRequest } from './per-request';
import { selectionColumns, type SelectionInfo } from './selection-columns';
import { loadInstrumentation, wrapBuildSchema } from '../internals/schema-instrumentation';
import { wrapResolversModule, type WrapOptions } from '../internals/wrap-resolvers';

type Resolver = (parent: unknown, args: unknown, context: Context, info: unknown) => unknown;
type Middleware = (next: Resolver, parent: unknown, args: unknown, context: Context, info: unknown) => unknown;
type Context = { state?: { auth?: unknown } };
type Field = { resolve?: Resolver };
type RootInfo = SelectionInfo & { fieldName: string; operation: { operation: string }; path: { key: string | number } };
type RootContext = Context & { rootQueryArgsByPath?: Map<string | number, Record<string, unknown>> };
type ObjectLikeType = { getFields(): Record<string, Field> };
type ResolverConfig = NonNullable<NonNullable<WrapOptions['extension']>['resolversConfig']>[string];

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
 * Root fields and fields with policies keep plugin-graphql's wrapper. Root fields get two things
 * more (see `rootQueryResolver`): they record their arguments for status inheritance themselves,
 * and the list and single queries of collection types read only the columns their selection needs.
 *
 * Apollo Server wraps every field of the schema once more when any plugin has a
 * `willResolveField` hook, and then calls the hooks for every field of every answer. Two plugins
 * have one: plugin-graphql's recorder of root query arguments (done by the root fields here
 * instead) and Apollo's cache-control plugin (hints from `@cacheControl` directives, which this
 * schema has none of: its answers stay `Cache-Control: no-store`, as before). The schema is marked
 * as already wrapped (`skipFieldInstrumentation`), so neither wrapper nor hooks run per field.
 */
export function registerLeanFieldResolvers(strapi: Core.Strapi, includes: (uid: string) => boolean): void {
  const wrapping = wrapResolversModule();
  const wrapResolvers = wrapping.stock;
  const verified = perRequest<Promise<boolean>>();
  /** The settled answers of `allowed`, so the parents after the first need no promise of their own. */
  const settled = new WeakMap<object, Map<string, boolean>>();
  /** Whether the request may use the scope: strapi.auth.verify once per request and configuration. */
  const allowed = (context: Context, key: string, auth: unknown) =>
    verified(context, key, () =>
      strapi.auth.verify(context?.state?.auth as never, auth as never).then(
        () => remember(context, key, true),
        () => remember(context, key, false)
      )
    );
  const remember = (context: Context, key: string, answer: boolean) => {
    let answers = settled.get(context);
    if (!answers) settled.set(context, (answers = new Map()));
    answers.set(key, answer);
    return answer;
  };
  const rootQueryResolver = rootQueries(strapi, includes);
  skipFieldInstrumentation(strapi);

  wrapping.replace((options: WrapOptions) => {
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
    const queryType = options.schema.getTypeMap().Query as ObjectLikeType | undefined;
    for (const [fieldName, field] of Object.entries(queryType?.getFields() ?? {})) field.resolve = rootQueryResolver(fieldName, field.resolve);
    for (const { field, config, base } of lean) {
      const middlewares = (config.middlewares ?? []) as Middleware[];
      // The middlewares bound to each other, the last to the field's resolver, as plugin-graphql binds them.
      const chain = middlewares.reduceRight<Resolver>((next, middleware) => (parent, args, context, info) => middleware(next, parent, args, context, info), base);
      const auth = config.auth;
      const key = JSON.stringify(auth ?? null);
      field.resolve =
        auth === undefined || auth === null || auth === false
          ? chain
          : (parent, args, context, info) => {
              const answer = settled.get(context)?.get(key);
              if (answer === true) return chain(parent, args, context, info);
              if (answer === false) throw new errors.ForbiddenError();
              return allowed(context, key, auth).then((ok) => {
                if (!ok) throw new errors.ForbiddenError();
                return chain(parent, args, context, info);
              });
            };
    }
    strapi.log.debug(`[graphql-acceleration] ${plain.length} plain fields resolve without the auth/policy wrapper, ${lean.length} configured fields with a lean one`);
    return schema;
  });
}

/**
 * The resolver of a root query field, around plugin-graphql's:
 *
 * - It records the field's arguments for the status inheritance of relations
 *   (`context.rootQueryArgsByPath`, keyed by the field's alias), exactly as plugin-graphql's Apollo
 *   plugin does in its `willResolveField` hook, which no longer runs per field.
 * - The list (`articles`) and single (`article`) queries of a collection type ask the
 *   Document Service for the columns their selection reads (`fields`, validated and sanitized by
 *   Strapi like any other query parameter) instead of every column of the table, when the
 *   selection names only attributes of the type; relations, components and media are loaded by id
 *   afterwards. Other root fields (connections, single types, an app's own) read as before.
 */
function rootQueries(strapi: Core.Strapi, includes: (uid: string) => boolean): (fieldName: string, resolve: Resolver | undefined) => Resolver {
  const { naming } = strapi.plugin('graphql').service('utils');
  const narrowable = new Map<string, Record<string, { type?: string }>>();
  for (const contentType of Object.values(strapi.contentTypes)) {
    if (!includes(contentType.uid) || contentType.kind !== 'collectionType') continue;
    narrowable.set(naming.getFindQueryName(contentType), contentType.attributes as Record<string, { type?: string }>);
    narrowable.set(naming.getFindOneQueryName(contentType), contentType.attributes as Record<string, { type?: string }>);
  }
  return (fieldName, resolve) => {
    const base: Resolver = resolve ?? ((parent) => (parent as Record<string, unknown> | null | undefined)?.[fieldName]);
    const attributes = narrowable.get(fieldName);
    const selections = new WeakMap<object, string[] | null>();
    return (parent, args, context: RootContext, info) => {
      const root = info as RootInfo;
      if (!parent && root.operation.operation === 'query') {
        if (!context.rootQueryArgsByPath) context.rootQueryArgsByPath = new Map();
        context.rootQueryArgsByPath.set(root.path.key, { ...(args as Record<string, unknown>), _originField: root.fieldName });
      }
      const columns = attributes ? selectionColumns(selections, root, attributes) : null;
      // id and documentId are added by Strapi to any `fields`.
      return base(parent, columns ? { ...(args as Record<string, unknown>), fields: columns.filter((name) => name !== 'id' && name !== 'documentId') } : args, context, info);
    };
  };
}

/**
 * Marks the content API's schema as instrumented by Apollo Server, with the resolvers left as they
 * are: Apollo's own function marks it (and wraps every field), then every field gets its resolver
 * back. Called on the schema plugin-graphql builds (`content-api.buildSchema`), the one Apollo serves.
 */
function skipFieldInstrumentation(strapi: Core.Strapi): void {
  const { mark, marked } = loadInstrumentation();
  wrapBuildSchema(strapi.plugin('graphql').service('content-api'), (schema) => {
    const resolvers: Array<[Field, Resolver | undefined]> = [];
    for (const [typeName, type] of Object.entries(schema.getTypeMap())) {
      if (typeName.startsWith('__') || typeof (type as ObjectLikeType).getFields !== 'function') continue;
      for (const field of Object.values((type as ObjectLikeType).getFields())) resolvers.push([field, field.resolve]);
    }
    mark(schema);
    for (const [field, resolve] of resolvers) field.resolve = resolve;
    if (!marked(schema)) throw new Error('graphql-acceleration: could not mark the schema for Apollo Server; turn batching off or update internals/schema-instrumentation.ts');
    return schema;
  });
}
