import type { Core } from '@strapi/strapi';

/** The admin permissions of the delivery log (Settings → Roles: Webhooks). */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany([
    { section: 'settings', category: 'webhooks', subCategory: 'deliveries', displayName: 'Read the webhook delivery log', uid: 'deliveries.read', pluginName: 'change-events' },
    { section: 'settings', category: 'webhooks', subCategory: 'deliveries', displayName: 'Replay failed webhook deliveries', uid: 'deliveries.replay', pluginName: 'change-events' },
  ]);
};
