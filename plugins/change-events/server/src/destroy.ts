import type { Core } from '@strapi/strapi';
import { changeEventsService } from './services';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await changeEventsService(strapi).stop();
};
