import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { responseCache } from '../plugin-services';

/** How long a check may take before it counts as down: a load balancer needs a quick answer. */
export const READINESS_TIMEOUT_MS = 2000;

type State = 'up' | 'down' | 'unused';

const within = <T>(work: Promise<T>, fallback: T, ms = READINESS_TIMEOUT_MS): Promise<T> =>
  Promise.race([work.catch(() => fallback), new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms).unref())]);

/**
 * GET /_ready: 200 when this instance can serve (the database answers `SELECT 1`, and Redis a
 * PING when REDIS_URL is set), else 503, within READINESS_TIMEOUT_MS either way. `/_health`
 * (Strapi's own, 204) only says that the process is up.
 */
export function registerReadiness(strapi: Core.Strapi): void {
  strapi.server.routes([
    {
      method: 'GET',
      path: '/_ready',
      handler: async (ctx: Context) => {
        const [database, redis] = await Promise.all([
          within<State>(
            strapi.db.connection.raw('SELECT 1').then(() => 'up'),
            'down'
          ),
          within<State>(responseCache(strapi).health(), 'down'),
        ]);
        const ready = database === 'up' && redis !== 'down';
        ctx.status = ready ? 200 : 503;
        ctx.set('Cache-Control', 'no-store');
        ctx.body = { status: ready ? 'ready' : 'unavailable', database, redis };
      },
      config: { auth: false },
    },
  ]);
}
