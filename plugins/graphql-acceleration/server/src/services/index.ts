import type { Core } from '@strapi/strapi';
import acceleration from './acceleration';

export default {
  acceleration,
} satisfies Record<string, (params: { strapi: Core.Strapi }) => unknown>;
