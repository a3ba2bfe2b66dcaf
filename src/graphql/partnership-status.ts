import type { Core } from '@strapi/strapi';

/**
 * The content model calls a partnership's phase `status`, but Strapi 5 reserves `status` on
 * draft & publish types for the publication state (the admin cannot edit such a field). The
 * attribute is therefore `partnershipStatus`, and GraphQL also serves it as `Partnership.status`,
 * the name web teams were promised.
 */
export function registerPartnershipStatusAlias(strapi: Core.Strapi): void {
  const extension = strapi.plugin('graphql').service('extension');
  extension.use(({ nexus }: { nexus: typeof import('nexus') }) => ({
    types: [
      nexus.extendType({
        type: 'Partnership',
        definition(t) {
          t.field('status', {
            type: 'ENUM_PARTNERSHIP_PARTNERSHIPSTATUS',
            description: 'The phase of the partnership (planned, active, concluded); the same value as partnershipStatus.',
            resolve: (parent: { partnershipStatus?: string | null }) => parent.partnershipStatus ?? null,
          });
        },
      }),
    ],
    resolversConfig: { 'Partnership.status': { auth: false } },
  }));
}
