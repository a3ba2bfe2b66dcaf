import type { Core } from '@strapi/strapi';
import { registerLocalizationExtensions } from './localization';
import { registerMunicipalityMap } from './municipality-map';
import { registerPartnershipStatusAlias } from './partnership-status';
import { registerSlugLookups } from './slug-lookups';

/** GraphQL schema extensions, one file per concern. Must run in register(), before the schema is built. */
export function registerGraphqlExtensions(strapi: Core.Strapi): void {
  registerPartnershipStatusAlias(strapi);
  registerLocalizationExtensions(strapi);
  registerSlugLookups(strapi);
  registerMunicipalityMap(strapi);
  // A file's `related` (every entry that uses it, of any type) cannot be resolved over GraphQL:
  // Strapi's relation resolver has no schema for a polymorphic target and fails with an internal
  // error for every caller. REST still populates it, published entries only for public callers.
  strapi.plugin('graphql').service('extension').shadowCRUD('plugin::upload.file').field('related').disable();
}
