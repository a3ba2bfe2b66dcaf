import type { Core } from '@strapi/strapi';
import { assertProductionSecrets } from '../src/config/secrets';
import { envInteger } from '../src/utils/env-switch';
import cronTasks from './cron-tasks';

export default ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => {
  assertProductionSecrets(process.env);
  return {
    host: env('HOST', '0.0.0.0'),
    port: env.int('PORT', 1337),
    url: env('PUBLIC_URL', ''),
    // Behind a reverse proxy: the client address is the one the last TRUST_PROXY_HOPS proxies saw
    // (X-Forwarded-For entries a client adds itself are not believed), and X-Forwarded-Proto counts.
    proxy: { koa: env.bool('TRUST_PROXY', false), maxIpsCount: envInteger('TRUST_PROXY_HOPS', 1, 1, process.env, 'the number of proxies in front of the app; with 0 Koa would believe the first X-Forwarded-For entry, which the client writes') },
    app: { keys: env.array('APP_KEYS') as string[] },
    // Publishes and unpublishes on publishAt / unpublishAt; every 20 seconds by default.
    cron: {
      enabled: env.bool('SCHEDULED_PUBLISHING', true),
      tasks: cronTasks(env('SCHEDULED_PUBLISHING_RULE', '*/20 * * * * *')),
    },
  };
};
