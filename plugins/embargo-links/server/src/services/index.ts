import type { Core } from '@strapi/strapi';
import links from './links';

export default { links };

/** The links service, typed. */
export const linksService = (strapi: Core.Strapi) => strapi.plugin('embargo-links').service('links') as ReturnType<typeof links>;
