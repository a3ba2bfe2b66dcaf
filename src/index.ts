import type { Core } from '@strapi/strapi';
import { ensureLocales } from './bootstrap/locales';
import { ensurePublicReadPermissions } from './bootstrap/permissions';
import { ensureFirstAdmin } from './bootstrap/admin-user';
import { ensureEditorialRoles } from './bootstrap/admin-roles';
import { ensureAdminViews } from './bootstrap/admin-views';
import { seedOnFirstBoot } from './bootstrap/seed';
import { hideContactsPastReview } from './content-rules/contacts';
import { registerContentRules } from './content-rules';
import { registerDraftGuard } from './content-api/anonymous-guard';
import { registerContentQueryRules } from './content-api/published-only';
import { registerGraphqlExtensions } from './graphql';
import { registerSingleStatementReads, skipTransactionsOfSingleStatementReads } from './database/single-statement-reads';
import { registerPublicPermissionsCache } from './content-api/public-permissions-cache';
import { registerAtomicSaves } from './database/atomic-saves';
import { declareListIndexes } from './database/list-indexes';
import { diagnosticsHitGate } from './diagnostics/sql-statements';
import { operations } from './settings/operations';
import { graphqlAcceleration, productionGuards, responseCache } from './plugin-services';
import { reportInternalVersions } from './internals';

/** GRAPHQL_BATCHING=false (plugins/graphql-acceleration's `batching`) gives Strapi's stock data loading, for comparison and diagnosis. */
const optimisedLoading = (strapi: Core.Strapi) => graphqlAcceleration(strapi).isBatching();

export default {
  register({ strapi }: { strapi: Core.Strapi }) {
    reportInternalVersions(strapi);
    registerContentRules(strapi);
    registerDraftGuard(strapi);
    registerContentQueryRules(strapi);
    registerGraphqlExtensions(strapi);
    declareListIndexes(strapi);
    // Batched GraphQL loading is the graphql-acceleration plugin's (plugins/, config/plugins.ts).
    if (optimisedLoading(strapi)) registerSingleStatementReads(strapi);
    // Last of ours: the middlewares above run outside a save's transaction, and so do the plugins'
    // registered in their register() (search, scheduling: they run first, around ours); those
    // registered in a plugin's bootstrap (translation-workflow's) run inside it.
    registerAtomicSaves(strapi);
  },

  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    if (optimisedLoading(strapi)) skipTransactionsOfSingleStatementReads(strapi);
    // Cache hits answered before Koa count against the rate limit (production-guards) and report their diagnostics too.
    responseCache(strapi).addHitGate(productionGuards(strapi).rateLimitHitGate);
    if (operations(strapi).diagnosticHeaders) responseCache(strapi).addHitGate(diagnosticsHitGate);
    registerPublicPermissionsCache(strapi);
    // GET /_ready (production-guards) also asks the response cache's Redis, when REDIS_URL is set.
    productionGuards(strapi).addReadinessCheck('redis', () => responseCache(strapi).health());
    await ensureLocales(strapi);
    await ensurePublicReadPermissions(strapi);
    await ensureEditorialRoles(strapi);
    await ensureAdminViews(strapi);
    await ensureFirstAdmin(strapi);
    await seedOnFirstBoot(strapi);
    // A review missed while no instance ran (the daily task) is made up at the start.
    if (strapi.config.get('server.cron.enabled')) {
      hideContactsPastReview(strapi).catch((error: Error) => strapi.log.error(`[contacts] the review failed: ${error.message}`));
    }
  },
};
