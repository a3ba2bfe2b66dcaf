import type { Core } from '@strapi/strapi';
import changeEvents from './change-events';

export type ChangeEventsService = ReturnType<typeof changeEvents>;

export const changeEventsService = (strapi: Core.Strapi) => strapi.plugin('change-events').service('changeEvents') as ChangeEventsService;

export default { changeEvents };
