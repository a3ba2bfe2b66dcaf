import type { Core } from '@strapi/strapi';
import type { FilterLimits } from '../content-api/query-rules';
import { envInteger, envSwitch } from '../utils/env-switch';

/** Filter limits: FILTER_MAX_DEPTH nested objects and arrays, FILTER_MAX_SIZE keys and items in all. */
export function filterLimits(env: NodeJS.ProcessEnv): FilterLimits {
  return {
    maxDepth: envInteger('FILTER_MAX_DEPTH', 16, 2, env, 'how deeply filters may nest (objects and arrays)'),
    maxSize: envInteger('FILTER_MAX_SIZE', 300, 10, env, 'how many keys and values the filters of one request may hold'),
  };
}

/** Whether responses carry diagnostic headers (DIAGNOSTIC_HEADERS=true; off by default). */
export const diagnosticHeaders = (env: NodeJS.ProcessEnv) => envSwitch('DIAGNOSTIC_HEADERS', false, env);

/**
 * How this instance operates, read from the environment once, when Strapi loads its
 * configuration (config/operations.ts): the app's code reads it from there (`operations(strapi)`),
 * never from the environment. A malformed value stops the boot naming its variable.
 */
export function operationsSettings(env: NodeJS.ProcessEnv) {
  const production = env.NODE_ENV === 'production';
  return {
    /** FILTER_MAX_DEPTH, FILTER_MAX_SIZE: how deep and large the filters of one request may be. */
    filterLimits: filterLimits(env),
    /** DIAGNOSTIC_HEADERS: X-SQL-Statements and X-Cache-Path on responses. */
    diagnosticHeaders: diagnosticHeaders(env),
    /** LOCALES: the locales made at boot (checked against i18n's list there: src/bootstrap/locales.ts). */
    locales: env.LOCALES,
    /** SEED_DEMO_CONTENT: the demo content on the first boot of an empty database, never in production. */
    seedDemoContent: !production && (env.SEED_DEMO_CONTENT ?? 'true').trim().toLowerCase() !== 'false',
    /** ADMIN_EMAIL, ADMIN_PASSWORD, ADMIN_FIRSTNAME, ADMIN_LASTNAME: the first super admin (src/bootstrap/admin-user.ts). */
    firstAdmin: {
      email: env.ADMIN_EMAIL?.trim() || undefined,
      password: env.ADMIN_PASSWORD || undefined,
      firstname: env.ADMIN_FIRSTNAME?.trim() || undefined,
      lastname: env.ADMIN_LASTNAME?.trim() || undefined,
    },
  };
}

export type OperationsSettings = ReturnType<typeof operationsSettings>;

/** The settings of config/operations.ts. */
export const operations = (strapi: Core.Strapi): OperationsSettings => strapi.config.get('operations') as OperationsSettings;
