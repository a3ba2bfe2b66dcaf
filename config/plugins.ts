import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { Core } from '@strapi/strapi';
import { corsSettings, koaCorsOptions } from '../src/settings/http';
import { s3Settings, s3UploadProvider } from '../src/settings/s3';
import { anonymousGuardApolloPlugin } from '../src/content-api/anonymous-guard';
import { graphqlErrorFormatter, internalErrorsApolloPlugin } from '../src/graphql/internal-errors';
import { envSwitch } from '../src/utils/env-switch';
import { cdnTagSettings, responseCacheSettings } from '../src/settings/graphql-cache';
import { webhookSettings } from '../src/settings/webhooks';
import { syndicationSettings } from '../src/settings/syndication';
import { embargoLinkSettings } from '../src/settings/embargo-links';
import { translationSettings } from '../src/settings/translations';
import { searchSettings } from '../src/settings/search';
import { schedulingSettings } from '../src/settings/scheduling';
import { productionGuardsSettings } from '../src/settings/production-guards';
import { diagnosticHeaders, filterLimits } from '../src/settings/operations';
import { maxInputDepthRule, maxVariableDepthPlugin } from '../src/graphql/input-depth';
import { localeArgumentsApolloPlugin } from '../src/graphql/locale-arguments';
import { DENIED_TYPES, uploadAllowedTypes, uploadMaxBytes } from './uploads';

export default ({ env }: Core.Config.Shared.ConfigParams) => {
  const production = env('NODE_ENV', 'development') === 'production';
  // Operation limits checked before execution, each refusal a GraphQL validation error (HTTP 400).
  // Depth stays with Strapi's own rule (GRAPHQL_DEPTH_LIMIT).
  const armor = new ApolloArmor({
    maxDepth: { enabled: false },
    maxAliases: { n: env.int('GRAPHQL_MAX_ALIASES', 15) },
    costLimit: { maxCost: env.int('GRAPHQL_MAX_COST', 300) },
    // Armor's token limit re-parses in an Apollo plugin hook, where any syntax error becomes a
    // 500; the 1 MB body limit and the cost and alias limits bound a document instead.
    maxTokens: { enabled: false },
    maxDirectives: { n: env.int('GRAPHQL_MAX_DIRECTIVES', 20) },
    // "Did you mean …?" names hidden fields to a prober: off in production (graphqlErrorFormatter
    // below takes every other suggestion out: enum values, arguments, types, input fields).
    blockFieldSuggestion: { enabled: production },
  }).protect();
  // Arguments and variables nested deeper than FILTER_MAX_DEPTH are refused before execution.
  const { maxDepth: maxInputDepth } = filterLimits(process.env);
  // Files go to an S3-compatible bucket when S3_BUCKET is set, else to public/uploads.
  const s3 = s3Settings(process.env);
  // GRAPHQL_BATCHING=false gives Strapi's stock loading (for comparison and diagnosis).
  const batching = envSwitch('GRAPHQL_BATCHING', true, process.env);
  return {
    // This app's own plugins (plugins/<name>, each compiled by `npm run build:plugins`).
    'graphql-acceleration': {
      enabled: true,
      resolve: './plugins/graphql-acceleration',
      config: {
        batching,
        leanResolvers: batching,
        contentTypes: ['api::*'],
        // Public answers cached until a write changes what they read (GRAPHQL_CACHE*, REDIS_URL);
        // its Apollo plugin joins the route's after the ones below, its middleware is in config/middlewares.ts.
        responseCache: responseCacheSettings(process.env),
        // Cache-Tag / Surrogate-Key on public answers, for a CDN (CDN_TAG_HEADERS, CDN_TAG_PREFIX).
        cdnTags: cdnTagSettings(process.env),
        diagnosticHeaders: diagnosticHeaders(process.env),
      },
    },
    // Rate limits, the database-outage breaker, GET /_ready, upload checks, NUL and GraphQL document
    // guards, readers' turns at the database, strapi::cors as plain @koa/cors (RATE_LIMIT*, REDIS_URL,
    // DATABASE_OUTAGE_GUARD, FAIR_TURNS, EDITOR_RESERVED_CONNECTIONS, READER_QUEUE_TIMEOUT_MS, FILTER_MAX_DEPTH);
    // its middlewares are in config/middlewares.ts.
    'production-guards': {
      enabled: true,
      resolve: './plugins/production-guards',
      config: productionGuardsSettings(process.env),
    },
    // `search` over GraphQL: published case stories, partnerships and press releases, per locale with fallbacks (README, Search).
    search: {
      enabled: true,
      resolve: './plugins/search',
      config: searchSettings(),
    },
    // publishAt / unpublishAt of the page types, the press releases' embargo (the scheduler's pass: config/cron-tasks.ts; README, Scheduling).
    scheduling: {
      enabled: true,
      resolve: './plugins/scheduling',
      config: schedulingSettings(),
    },
    // Signed change events to web teams' sites (WEBHOOK_URL, WEBHOOK_SECRET, WEBHOOK_ENDPOINTS; docs/webhooks.md).
    'change-events': {
      enabled: true,
      resolve: './plugins/change-events',
      config: webhookSettings(process.env),
    },
    // RSS and Atom feeds per locale at /feeds/{locale}/{feed}.xml|.atom, sitemaps at /sitemap.xml (SITE_URL, SITE_PATHS; README).
    syndication: {
      enabled: true,
      resolve: './plugins/syndication',
      config: syndicationSettings(process.env),
    },
    // Journalist links to a press release under embargo, at /embargo/{token} (EMBARGO_LINK_DAYS, EMBARGO_LINK_MAX_DAYS; README).
    'embargo-links': {
      enabled: true,
      resolve: './plugins/embargo-links',
      config: embargoLinkSettings(process.env),
    },
    // Translation states of every localized type, machine-translated drafts (DEEPL_API_KEY, LIBRETRANSLATE_URL, TRANSLATION_PROVIDERS; README).
    'translation-workflow': {
      enabled: true,
      resolve: './plugins/translation-workflow',
      config: translationSettings(process.env),
    },
    'users-permissions': {
      config: {
        jwtSecret: env('JWT_SECRET'),
      },
    },
    upload: {
      config: {
        ...(s3 ? s3UploadProvider(s3) : {}),
        sizeLimit: uploadMaxBytes(env),
        security: {
          allowedTypes: uploadAllowedTypes(env),
          deniedTypes: DENIED_TYPES,
        },
      },
    },
    graphql: {
      config: {
        endpoint: '/graphql',
        shadowCRUD: true,
        depthLimit: env.int('GRAPHQL_DEPTH_LIMIT', 10),
        defaultLimit: env.int('GRAPHQL_DEFAULT_PAGE_SIZE', 25),
        maxLimit: env.int('GRAPHQL_MAX_PAGE_SIZE', 100),
        // The Apollo Sandbox is a development tool; production serves no landing page at all.
        landingPage: production ? () => ApolloServerPluginLandingPageDisabled() : true,
        apolloServer: {
          // The GraphQL route's own CORS: the same origins as the rest of the API (CORS_ORIGINS).
          cors: koaCorsOptions(corsSettings(process.env)),
          introspection: env.bool('GRAPHQL_INTROSPECTION', !production),
          // Added to Strapi's own plugins, in this order: anonymous mutations and `status: DRAFT` are
          // refused before execution, and so are locales the site does not have (inline or as
          // variables); an unexpected error's text (SQL, table names) never reaches the client, it
          // is logged. Then graphql-acceleration's response cache (added by the plugin).
          plugins: [...armor.plugins, maxVariableDepthPlugin(maxInputDepth), anonymousGuardApolloPlugin, localeArgumentsApolloPlugin(() => strapi), internalErrorsApolloPlugin],
          // Strapi's error codes; in production no "Did you mean …?" in any error message.
          formatError: graphqlErrorFormatter({ hideSuggestions: production }),
          validationRules: [...armor.validationRules, maxInputDepthRule(maxInputDepth)],
        },
      },
    },
  };
};
