import type { Core } from '@strapi/strapi';
import { registerTranslationField } from './graphql';
import { translationsService } from './services';

/** The GraphQL field (before the schema is built) and the admin permissions' absence: the Content Manager's own decide. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => translationsService(strapi);
  registerTranslationField(strapi, service, service().trackedTypes());
};
