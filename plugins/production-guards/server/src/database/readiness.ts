import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

/** How long a check may take before it counts as down: a load balancer needs a quick answer. */
export const READINESS_TIMEOUT_MS = 2000;

/** What a check says: `unused` is a dependency this instance is not configured to use (it does not count). */
export type ReadinessState = 'up' | 'down' | 'unused';
export type ReadinessCheck = () => Promise<ReadinessState>;

const within = <T>(work: Promise<T>, fallback: T, ms = READINESS_TIMEOUT_MS): Promise<T> =>
  Promise.race([work.catch(() => fallback), new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms).unref())]);

/**
 * GET /_ready: 200 when this instance can serve (the database answers `SELECT 1`, and every check
 * added by `addReadinessCheck` of the guards service says up or unused), else 503, within
 * READINESS_TIMEOUT_MS either way; the body names each state (`{ status, database, …checks }`).
 * `/_health` (Strapi's own, 204) only says that the process is up.
 */
export function registerReadiness(strapi: Core.Strapi, checks: ReadonlyMap<string, ReadinessCheck>): void {
  strapi.server.routes([
    {
      method: 'GET',
      path: '/_ready',
      handler: async (ctx: Context) => {
        const [database, ...others] = await Promise.all([
          within<ReadinessState>(
            strapi.db.connection.raw('SELECT 1').then(() => 'up'),
            'down'
          ),
          // A check that throws at once is down too.
          ...[...checks].map(async ([name, check]) => [name, await within(Promise.resolve().then(check), 'down')] as const),
        ]);
        const ready = database === 'up' && others.every(([, state]) => state !== 'down');
        ctx.status = ready ? 200 : 503;
        ctx.set('Cache-Control', 'no-store');
        ctx.body = { status: ready ? 'ready' : 'unavailable', database, ...Object.fromEntries(others) };
      },
      config: { auth: false },
    },
  ]);
}
