import type { Core } from '@strapi/strapi';
import { registerScheduleRules } from './rules';
import { schedulerService } from './services';

/** Checks the configured types against the content model, then adds the rules of schedules and embargoes. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => schedulerService(strapi);
  const problem = service().modelProblem();
  if (problem) throw new Error(`scheduling: ${problem}. Correct the scheduling plugin's configuration (config/plugins).`);
  registerScheduleRules(strapi, () => service().config());
};
