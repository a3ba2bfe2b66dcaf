import type { Core } from '@strapi/strapi';
import { assertProductionSecrets } from '../src/settings/secrets';
import { envInteger } from '../src/utils/env-switch';
import cronTasks from './cron-tasks';

/**
 * The address to listen on: HOST when set; else every interface in production (a container's port
 * is reached from outside it) and loopback elsewhere, since on a fresh database anybody who
 * reaches the port can register the first super admin. HOST=0.0.0.0 opens a development server
 * to other machines.
 */
function listenHost(environment: NodeJS.ProcessEnv): string {
  const host = environment.HOST?.trim();
  if (host) return host;
  return environment.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1';
}

export default ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => {
  assertProductionSecrets(process.env);
  return {
    host: listenHost(process.env),
    port: env.int('PORT', 1337),
    url: env('PUBLIC_URL', ''),
    // Behind a reverse proxy: the client address is the one the last TRUST_PROXY_HOPS proxies saw
    // (X-Forwarded-For entries a client adds itself are not believed), and X-Forwarded-Proto counts.
    proxy: {
      koa: env.bool('TRUST_PROXY', false),
      maxIpsCount: envInteger('TRUST_PROXY_HOPS', 1, 1, process.env, 'the number of proxies in front of the app; with 0 Koa would believe the first X-Forwarded-For entry, which the client writes'),
    },
    app: { keys: env.array('APP_KEYS') as string[] },
    // Publishes and unpublishes on publishAt / unpublishAt, every 20 seconds by default; hides
    // contacts past their review date, daily at 02.15 Copenhagen time by default.
    cron: {
      enabled: env.bool('SCHEDULED_PUBLISHING', true),
      tasks: cronTasks(env('SCHEDULED_PUBLISHING_RULE', '*/20 * * * * *'), env('CONTACT_REVIEW_RULE', '0 15 2 * * *')),
    },
  };
};
