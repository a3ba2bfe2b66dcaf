import type { Core } from '@strapi/strapi';
import { readConfig } from './config';
import { registerCapture } from './events/capture';
import { changeEventsService } from './services';

/** Checks the outbox table, starts the delivery worker and turns document changes into events. */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  const service = changeEventsService(strapi);
  await service.start();
  const { slugField } = readConfig(strapi);
  registerCapture(strapi, service, slugField);
};
