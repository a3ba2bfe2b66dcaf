import type { Core } from '@strapi/strapi';
import { cacheService } from './services';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await cacheService(strapi).runtime.stop();
};
