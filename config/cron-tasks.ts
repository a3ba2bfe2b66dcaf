import type { Core } from '@strapi/strapi';
import { hideContactsPastReview } from '../src/content-rules/contacts';
import { scheduler } from '../src/plugin-services';

/**
 * Scheduled publishing (the scheduling plugin's pass): publishAt / unpublishAt of press releases,
 * case stories and partnerships (every `rule`); and the daily contact review (at `reviewRule`, Copenhagen time), which hides
 * contacts whose review date has passed.
 */
export default (rule: string, reviewRule: string) => ({
  scheduledPublishing: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      try {
        await scheduler(strapi).run();
      } catch (error) {
        strapi.log.error(`[schedule] pass failed: ${(error as Error).message}`);
      }
    },
    options: { rule },
  },
  contactReview: {
    task: async ({ strapi }: { strapi: Core.Strapi }) => {
      try {
        await hideContactsPastReview(strapi);
      } catch (error) {
        strapi.log.error(`[contacts] the review failed: ${(error as Error).message}`);
      }
    },
    options: { rule: reviewRule, tz: 'Europe/Copenhagen' },
  },
});
