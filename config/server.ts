import type { Core } from '@strapi/strapi';
import { assertProductionSecrets } from '../src/config/secrets';
import cronTasks from './cron-tasks';

/** At least one proxy: with 0 Koa believes the first X-Forwarded-For entry, which the client writes. */
const proxyHops = (value: string): number => {
  const hops = Number(value);
  if (!Number.isInteger(hops) || hops < 1) throw new Error(`TRUST_PROXY_HOPS="${value}" must be a whole number of 1 or more: the number of proxies in front of the app`);
  return hops;
};

export default ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => {
  assertProductionSecrets(process.env);
  return {
    host: env('HOST', '0.0.0.0'),
    port: env.int('PORT', 1337),
    url: env('PUBLIC_URL', ''),
    // Behind a reverse proxy: the client address is the one the last TRUST_PROXY_HOPS proxies saw
    // (X-Forwarded-For entries a client adds itself are not believed), and X-Forwarded-Proto counts.
    proxy: { koa: env.bool('TRUST_PROXY', false), maxIpsCount: proxyHops(env('TRUST_PROXY_HOPS', '') || '1') },
    app: { keys: env.array('APP_KEYS') as string[] },
    // Publishes and unpublishes on publishAt / unpublishAt; every 20 seconds by default.
    cron: {
      enabled: env.bool('SCHEDULED_PUBLISHING', true),
      tasks: cronTasks(env('SCHEDULED_PUBLISHING_RULE', '*/20 * * * * *')),
    },
  };
};
