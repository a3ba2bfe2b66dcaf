import type { Core } from '@strapi/strapi';
import { ensureLocales } from './bootstrap/locales';
import { ensurePublicReadPermissions } from './bootstrap/permissions';
import { ensureFirstAdmin } from './bootstrap/admin-user';
import { seedOnFirstBoot } from './bootstrap/seed';
import { registerContentRules } from './content-rules';
import { registerDraftGuard } from './content-api/anonymous-guard';
import { registerGraphqlExtensions } from './graphql';
import { closeResponseCache, conditionalGet, registerResponseCache } from './cache/response-cache';

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    registerContentRules(strapi);
    registerDraftGuard(strapi);
    registerGraphqlExtensions(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await registerResponseCache(strapi);
    strapi.server.use(conditionalGet(strapi.plugin('graphql').config('endpoint')));
    await ensureLocales(strapi);
    await ensurePublicReadPermissions(strapi);
    await ensureFirstAdmin(strapi);
    await seedOnFirstBoot(strapi);
  },

  async destroy() {
    await closeResponseCache();
  },
};
