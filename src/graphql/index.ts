import type { Core } from '@strapi/strapi';
import { registerPartnershipStatusAlias } from './partnership-status';

/** GraphQL schema extensions, one file per concern. Must run in register(), before the schema is built. */
export function registerGraphqlExtensions(strapi: Core.Strapi): void {
  registerPartnershipStatusAlias(strapi);
}
