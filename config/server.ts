import type { Core } from '@strapi/strapi';
import { assertProductionSecrets } from '../src/config/secrets';
import cronTasks from './cron-tasks';

export default ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => {
  assertProductionSecrets(process.env);
  return {
    host: env('HOST', '0.0.0.0'),
    port: env.int('PORT', 1337),
    url: env('PUBLIC_URL', ''),
    proxy: env.bool('TRUST_PROXY', false),
    app: { keys: env.array('APP_KEYS') as string[] },
    // Publishes and unpublishes on publishAt / unpublishAt; every 20 seconds by default.
    cron: {
      enabled: env.bool('SCHEDULED_PUBLISHING', true),
      tasks: cronTasks(env('SCHEDULED_PUBLISHING_RULE', '*/20 * * * * *')),
    },
  };
};
