import type { Core } from '@strapi/strapi';
import { createSchedulerService, type SchedulerService } from './scheduler';

export default { scheduler: ({ strapi }: { strapi: Core.Strapi }) => createSchedulerService(strapi) };

/** The scheduler service, typed. */
export const schedulerService = (strapi: Core.Strapi) => strapi.plugin('scheduling').service('scheduler') as SchedulerService;
