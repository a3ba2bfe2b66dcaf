import type { Core } from '@strapi/strapi';
import { corsSettings, cspDirectives, koaCorsOptions } from '../src/settings/http';
import { uploadMaxBytes } from './uploads';

/**
 * Options for @koa/cors, which serves as strapi::cors (production-guards' `strictCors`):
 * a listed Origin reflected back, with Strapi's methods and request headers.
 */
const corsConfig = (environment: NodeJS.ProcessEnv) => ({
  ...koaCorsOptions(corsSettings(environment)),
  allowMethods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'],
  allowHeaders: ['Content-Type', 'Authorization', 'Origin', 'Accept'],
});

export default ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Middlewares => [
  // X-SQL-Statements and X-Cache-Path when DIAGNOSTIC_HEADERS=true; first, to see whole requests.
  'global::diagnostics',
  'strapi::logger',
  'strapi::errors',
  // Helmet's headers; the CSP also allows an S3 bucket or CDN for files and the preview frontend's frame.
  { name: 'strapi::security', config: { contentSecurityPolicy: { useDefaults: true, directives: cspDirectives(process.env) } } },
  // Other origins only as CORS_ORIGINS lists them, and CORS headers only for them (src/settings/http.ts).
  { name: 'strapi::cors', config: corsConfig(process.env) },
  // 429 for a client IP over its allowance on /graphql or the sign-in routes (production-guards: RATE_LIMIT_*).
  'plugin::production-guards.rate-limit',
  'strapi::poweredBy',
  'strapi::query',
  {
    name: 'strapi::body',
    config: {
      // Request bodies beyond these answer 413 before anything is parsed or stored.
      jsonLimit: env('REQUEST_JSON_LIMIT', '1mb'),
      formLimit: env('REQUEST_FORM_LIMIT', '1mb'),
      textLimit: env('REQUEST_TEXT_LIMIT', '1mb'),
      formidable: { maxFileSize: uploadMaxBytes(env) },
    },
  },
  // 400 for a NUL character anywhere in the path, query string, body or a GraphQL string (PostgreSQL's text cannot hold one).
  'plugin::production-guards.nul-guard',
  // 400 for a REST query whose locale is not one string or whose pagination is beyond GraphQL's Int.
  'global::rest-query-guard',
  // 400 for a Content Manager body that is no JSON object; drops a client's `id` from a document's fields.
  'global::content-manager-body',
  // Refuses files sent to the upload plugin's routes whose name, declared type and content (magic
  // bytes) do not agree (after the body is parsed); the upload service checks again (production-guards).
  'plugin::production-guards.upload-guard',
  // Answers anonymous GraphQL requests from the response cache before routing, auth and Apollo
  // (the graphql-acceleration plugin: plugins/graphql-acceleration).
  'plugin::graphql-acceleration.response-cache',
  'plugin::production-guards.database-outage', // 503 + Retry-After at once while the database is unreachable; after the cache, whose hits are still served
  // Readers (the content API) start and take the database in turns, in the order they came; editors
  // (the admin) go first (production-guards' database/fair-turns.ts). After the cache's hits and the outage's 503s.
  'plugin::production-guards.request-lane',
  // Refuses fragment cycles and unknown fragments, which crash Strapi's depth-limit rule, and runaway nesting, before Apollo.
  'plugin::production-guards.graphql-document-guard',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
