import type { Core } from '@strapi/strapi';
import { uploadMaxBytes } from './uploads';

export default ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Middlewares => [
  // X-SQL-Statements and X-Cache-Path when DIAGNOSTIC_HEADERS=true; first, to see whole requests.
  'global::diagnostics',
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
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
  // Refuses uploads whose name, declared type and first bytes do not agree (after the body is parsed).
  'global::upload-guard',
  // Answers anonymous GraphQL requests from the response cache before routing, auth and Apollo.
  'global::graphql-cache',
  'global::database-outage', // 503 + Retry-After at once while the database is unreachable; after the cache, whose hits are still served
  // Refuses fragment cycles and unknown fragments, which crash Strapi's depth-limit rule, before Apollo.
  'global::graphql-fragment-guard',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
