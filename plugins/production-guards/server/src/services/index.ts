import type { Core } from '@strapi/strapi';
import { createGuardsService, type GuardsService } from './guards';

export default { guards: ({ strapi }: { strapi: Core.Strapi }) => createGuardsService(strapi) };

/** The guards service, typed. */
export const guardsService = (strapi: Core.Strapi) => strapi.plugin('production-guards').service('guards') as GuardsService;
