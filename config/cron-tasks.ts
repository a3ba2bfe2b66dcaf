import type { Core } from '@strapi/strapi';
import { runScheduledPublishing } from '../src/scheduling/scheduled-publishing';

/** Scheduled publishing: publishAt / unpublishAt of press releases, case stories and partnerships. */
export default (rule: string) => ({
  scheduledPublishing: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      try {
        await runScheduledPublishing(strapi);
      } catch (error) {
        strapi.log.error(`[schedule] pass failed: ${(error as Error).message}`);
      }
    },
    options: { rule },
  },
});
