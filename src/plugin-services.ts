import type { Core } from '@strapi/strapi';

/**
 * The public services of this app's own plugins (plugins/), as the app uses them. Plugins are
 * compiled on their own, so their types are declared here, at the one place the app reaches them.
 */
export type GraphqlAcceleration = {
  /** Whether batched loading is on (config `batching`; GRAPHQL_BATCHING in config/plugins.ts). */
  isBatching(): boolean;
  /** A store of values kept for one GraphQL request (its context object): per-request DataLoaders. */
  perRequest<T>(): (context: object, key: string, create: () => T) => T;
};

export const graphqlAcceleration = (strapi: Core.Strapi): GraphqlAcceleration => strapi.plugin('graphql-acceleration').service('acceleration') as GraphqlAcceleration;
