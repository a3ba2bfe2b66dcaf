import type { Core } from '@strapi/strapi';

export default ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Api => ({
  rest: {
    defaultLimit: env.int('API_DEFAULT_PAGE_SIZE', 25),
    maxLimit: env.int('API_MAX_PAGE_SIZE', 100),
    withCount: true,
  },
});
