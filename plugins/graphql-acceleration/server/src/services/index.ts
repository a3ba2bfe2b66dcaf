import type { Core } from '@strapi/strapi';
import acceleration from './acceleration';
import cache from './cache';

const services = {
  acceleration,
  cache,
} satisfies Record<string, (params: { strapi: Core.Strapi }) => unknown>;

export default services;

/** The plugin's services, typed, for its own modules. */
export const accelerationService = (strapi: Core.Strapi) => strapi.plugin('graphql-acceleration').service('acceleration') as ReturnType<typeof acceleration>;
export const cacheService = (strapi: Core.Strapi) => strapi.plugin('graphql-acceleration').service('cache') as ReturnType<typeof cache>;
