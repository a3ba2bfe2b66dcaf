import type { Core } from '@strapi/strapi';
import { guardsConfig, type GuardsConfig } from '../config';
import type { ReadinessCheck } from '../database/readiness';
import { answerGraphqlErrors, answerUnavailable, answerValidationError } from '../http/answers';
import { adminAccessTokenCheck, type AccessTokenCheck } from '../internals/session-manager';
import { rateLimitHitGate } from '../rate-limit/middleware';

/**
 * The plugin's public API, `strapi.plugin('production-guards').service('guards')`: for the app's
 * own guards and for other plugins that answer requests before Koa.
 */
export type GuardsService = {
  /** The configuration in force (defaults filled in, validated). */
  config(): GuardsConfig;
  /**
   * For a response cache that answers before Koa (graphql-acceleration's `addHitGate`): counts the
   * request against the GraphQL rate limit as the middleware would; a refused one goes on to Koa,
   * which answers 429 without counting it twice.
   */
  rateLimitHitGate: typeof rateLimitHitGate;
  /** Adds a named dependency to GET /_ready (its state is in the body; `down` makes it 503). Call before the server listens. */
  addReadinessCheck(name: string, check: ReadinessCheck): void;
  /** The readiness checks added so far (the route reads them at each request). */
  readinessChecks(): ReadonlyMap<string, ReadinessCheck>;
  /** The refusals the guards answer, in Strapi's REST error shape and in GraphQL's. */
  answers: { validationError: typeof answerValidationError; graphqlErrors: typeof answerGraphqlErrors; unavailable: typeof answerUnavailable };
  /** The signature and expiry check of an admin access token, as Strapi's admin authentication makes it first (no database). */
  adminAccessTokenCheck(): AccessTokenCheck;
};

export function createGuardsService(strapi: Core.Strapi): GuardsService {
  const checks = new Map<string, ReadinessCheck>();
  return {
    config: () => guardsConfig(strapi),
    rateLimitHitGate,
    addReadinessCheck(name, check) {
      if (name === 'status' || name === 'database' || !/^[a-z][a-zA-Z0-9]*$/.test(name)) {
        throw new Error(`production-guards: a readiness check needs a name of letters and digits other than status and database, not ${JSON.stringify(name)}`);
      }
      if (checks.has(name)) throw new Error(`production-guards: the readiness check ${name} is already added`);
      checks.set(name, check);
    },
    readinessChecks: () => checks,
    answers: { validationError: answerValidationError, graphqlErrors: answerGraphqlErrors, unavailable: answerUnavailable },
    adminAccessTokenCheck: () => adminAccessTokenCheck(strapi),
  };
}
