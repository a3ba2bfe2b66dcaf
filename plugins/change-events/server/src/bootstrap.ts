import type { Core } from '@strapi/strapi';
import type { ChangeEventsConfig } from './config';
import { registerCapture } from './events/capture';
import { changeEventsService } from './services';

/** Checks the outbox table, starts the delivery worker and turns document changes into events. */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  const service = changeEventsService(strapi);
  await service.start();
  const { slugField } = strapi.config.get('plugin::change-events') as ChangeEventsConfig;
  registerCapture(strapi, service, slugField);
};
