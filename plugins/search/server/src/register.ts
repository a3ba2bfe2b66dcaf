import type { Core } from '@strapi/strapi';
import { registerSearchQuery } from './graphql';
import { searchService } from './services';
import { registerIndexSync } from './sync';

/** Checks the configured types against the content model, then adds the `search` query and the index's upkeep. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => searchService(strapi);
  const problem = service().modelProblem();
  if (problem) throw new Error(`search: ${problem}. Correct the search plugin's types (config/plugins).`);
  if (service().config().types.length === 0) {
    strapi.log.warn('[search] no content types configured (config/plugins, search.types): no search query');
    return;
  }
  if (!strapi.plugins.graphql) throw new Error('search: the search query needs @strapi/plugin-graphql');
  registerIndexSync(strapi, service);
  registerSearchQuery(strapi, service().config());
};
