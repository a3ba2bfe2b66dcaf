import type { Core } from '@strapi/strapi';

/** The admin permissions (Settings → Roles → Plugins: Embargo links). */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany([
    { section: 'plugins', displayName: 'Read journalist links and their access log', uid: 'links.read', pluginName: 'embargo-links' },
    { section: 'plugins', displayName: 'Create and revoke journalist links', uid: 'links.manage', pluginName: 'embargo-links' },
  ]);
};
