import type { Core } from '@strapi/strapi';

const config: Core.Config.Middlewares = [
  // X-SQL-Statements and X-Cache-Path when DIAGNOSTIC_HEADERS=true; first, to see whole requests.
  'global::diagnostics',
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  'strapi::cors',
  'strapi::poweredBy',
  'strapi::query',
  'strapi::body',
  // Answers anonymous GraphQL requests from the response cache before routing, auth and Apollo.
  'global::graphql-cache',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];

export default config;
