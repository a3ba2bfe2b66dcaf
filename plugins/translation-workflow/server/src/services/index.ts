import type { Core } from '@strapi/strapi';
import { createTranslationsService } from './translations';

export default { translations: ({ strapi }: { strapi: Core.Strapi }) => createTranslationsService(strapi) };

/** The translations service, typed. */
export const translationsService = (strapi: Core.Strapi) => strapi.plugin('translation-workflow').service('translations') as ReturnType<typeof createTranslationsService>;
