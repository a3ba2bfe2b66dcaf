import { InternalChangedError, requireInternal, type Internal } from './fence';

type ResolverConfig = { auth?: unknown; middlewares?: unknown[]; policies?: unknown[] };
export type WrapOptions = { schema: { getTypeMap(): Record<string, unknown> }; extension?: { resolversConfig?: Record<string, ResolverConfig> } };
export type WrapResolvers = (options: WrapOptions) => unknown;

/**
 * plugin-graphql's `wrapResolvers`, the function that wraps every field's resolver in its auth,
 * middleware and policy chain. It is not exported by the package: the module plugin-graphql
 * itself calls is loaded from its file and its export replaced (plugin-graphql reads the member
 * at call time, when it builds the schema in its bootstrap).
 */
export const wrapResolversInternal: Internal = {
  what: "plugin-graphql's resolver wrapping (replaced member `wrapResolvers`)",
  packageName: '@strapi/plugin-graphql',
  writtenAgainst: '5.54.0',
  file: 'wrap-resolvers.ts',
};

const FILE = 'dist/server/services/content-api/wrap-resolvers.js';

/** The module's stock function, and a way to put another in its place. */
export function wrapResolversModule(): { stock: WrapResolvers; replace(wrap: WrapResolvers): void } {
  const module = requireInternal<{ wrapResolvers?: WrapResolvers }>(wrapResolversInternal, FILE);
  const stock = module.wrapResolvers;
  if (typeof stock !== 'function') throw new InternalChangedError(wrapResolversInternal, `wrapResolvers() in ${FILE}`);
  return {
    stock,
    replace(wrap) {
      module.wrapResolvers = wrap;
    },
  };
}
