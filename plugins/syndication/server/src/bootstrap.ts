import type { Core } from '@strapi/strapi';

/** Checks the configured types and attributes once every content type is loaded. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  (strapi.plugin('syndication').service('syndication') as unknown as { check(): void }).check();
};
