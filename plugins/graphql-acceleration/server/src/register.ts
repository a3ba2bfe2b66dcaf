import type { Core } from '@strapi/strapi';
import type accelerationService from './services/acceleration';

/** Batching hooks into plugin-graphql before its bootstrap builds the schema. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  if (!strapi.plugin('graphql')) throw new Error('graphql-acceleration needs @strapi/plugin-graphql: install it and enable it in config/plugins');
  (strapi.plugin('graphql-acceleration').service('acceleration') as ReturnType<typeof accelerationService>).register();
};
