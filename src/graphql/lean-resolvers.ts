import path from 'path';
import type { Core } from '@strapi/strapi';

type Field = { resolve?: unknown };
type ObjectLikeType = { getFields(): Record<string, Field> };
type WrapOptions = { schema: { getTypeMap(): Record<string, unknown> }; extension?: { resolversConfig?: Record<string, unknown> } };

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * plugin-graphql wraps the resolver of every field of the schema in an async function that
 * checks auth, runs middlewares and builds a policy context, also for the hundreds of plain
 * scalar fields of a page (`title`, `slug`, …) that have none of these. For a field with the
 * default resolver and no resolver configuration that wrapper decides nothing (auth is only
 * checked for root fields or configured ones, there are no middlewares, no policies), so it is
 * taken off again: GraphQL reads the property directly. Every configured field keeps its wrapper.
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
  wrapping.wrapResolvers = (options: WrapOptions) => {
    const configured = options.extension?.resolversConfig ?? {};
    const plain: Field[] = [];
    for (const [typeName, type] of Object.entries(options.schema.getTypeMap())) {
      if (typeName.startsWith('__') || ROOT_TYPES.has(typeName) || typeof (type as ObjectLikeType).getFields !== 'function') continue;
      for (const [fieldName, field] of Object.entries((type as ObjectLikeType).getFields())) {
        if (!fieldName.startsWith('__') && field.resolve === undefined && configured[`${typeName}.${fieldName}`] === undefined) plain.push(field);
      }
    }
    const schema = wrapResolvers(options);
    for (const field of plain) field.resolve = undefined;
    strapi.log.debug(`[graphql] ${plain.length} plain fields resolve without the auth/policy wrapper`);
    return schema;
  };
}
