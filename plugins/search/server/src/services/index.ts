import type { Core } from '@strapi/strapi';
import { createSearchService, type SearchService } from './search';

export default { search: ({ strapi }: { strapi: Core.Strapi }) => createSearchService(strapi) };

/** The search service, typed. */
export const searchService = (strapi: Core.Strapi) => strapi.plugin('search').service('search') as SearchService;
