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
}
