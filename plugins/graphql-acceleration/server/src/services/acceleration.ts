import type { Core } from '@strapi/strapi';
import { readConfig } from '../config';
import { registerBatchLoading } from '../batching/batch-loading';
import { registerLeanFieldResolvers } from '../batching/lean-resolvers';
import { perRequest } from '../batching/per-request';
import { checkInternals } from '../internals';

/**
 * The plugin's public door: `strapi.plugin('graphql-acceleration').service('acceleration')`.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = () => readConfig(strapi);
  let registered = false;

  /** Whether a content type's fields are accelerated (components always are). */
  const includes = (uid: string) => config().contentTypes.some((entry) => (entry === 'api::*' ? uid.startsWith('api::') : entry === uid));

  return {
    /** Whether batched loading is on: an app's own loaders may take the same path or stay stock. */
    isBatching: () => config().batching,
    includes,
    /**
     * A store of values kept for one GraphQL request (its context object), created on first use
     * and gone with the request: for an app's own DataLoaders and per-request memos.
     */
    perRequest,
    /** Installs batching and lean resolvers as configured; called once by the plugin's register(). */
    register() {
      if (registered) return;
      registered = true;
      const { batching, leanResolvers } = config();
      if (!batching) {
        strapi.log.info('[graphql-acceleration] batching is off: GraphQL answers load as stock plugin-graphql loads them');
        return;
      }
      checkInternals(strapi);
      registerBatchLoading(strapi, includes);
      if (leanResolvers) registerLeanFieldResolvers(strapi, includes);
    },
  };
};
