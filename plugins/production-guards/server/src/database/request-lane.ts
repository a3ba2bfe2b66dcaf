import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { guardsConfig } from '../config';
import { answerUnavailable } from '../http/answers';
import { adminAccessTokenCheck } from '../internals/session-manager';
import { admitReader, asEditor, laneOfRequest, nextArrival, ReaderQueueTimeout, runInLane } from './fair-turns';

const RETRY_AFTER_SECONDS = 2;

/**
 * Puts each request in its lane (fair-turns.ts). Readers (the content API) are let
 * in a few per turn of the event loop, the oldest first, and take turns at the database in the
 * same order; a reader whose client went away while it waited is not run at all, and one kept
 * waiting longer than `turns.admissionTimeoutMs` is answered 503 with Retry-After. Editors (the
 * admin, with a valid access token) go first: readers get no turns while an editor's request is
 * under way. Health probes and the admin panel's pages neither wait nor hold anyone up.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  if (!guardsConfig(strapi).turns.enabled) return async (_ctx: Context, next: Next) => next();
  const endpoint: string = strapi.plugin('graphql').config('endpoint');
  // The signature and expiry of an admin access token, as Strapi's admin authentication checks them first (no database).
  const validateAccessToken = adminAccessTokenCheck(strapi);
  const isAdminToken = (token: string) => validateAccessToken(token).isValid;
  return async (ctx: Context, next: Next) => {
    const lane = laneOfRequest(ctx.path, ctx.get('authorization') || undefined, endpoint, isAdminToken);
    const arrival = nextArrival();
    if (lane === 'editor') return asEditor(arrival, next);
    if (lane === 'reader') {
      try {
        await admitReader(arrival);
      } catch (error) {
        if (!(error instanceof ReaderQueueTimeout)) throw error;
        return answerUnavailable(ctx, ctx.path === endpoint, error.message, RETRY_AFTER_SECONDS);
      }
      // Nobody is waiting for the answer any more (the client timed out meanwhile): nothing to do.
      if (ctx.req.socket.destroyed) return;
    }
    return runInLane(lane, arrival, next);
  };
};
