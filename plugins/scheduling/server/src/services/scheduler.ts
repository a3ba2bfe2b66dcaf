import type { Core } from '@strapi/strapi';
import { modelProblem, type SchedulingConfig } from '../config';
import { runPass, type PassOutcome } from '../scheduler';

/** The plugin's service (`strapi.plugin('scheduling').service('scheduler')`). */
export type SchedulerService = {
  /** The plugin's configuration, checked. */
  config(): SchedulingConfig;
  /** What is wrong with the configured types against the content model, or null. */
  modelProblem(): string | null;
  /** One pass: publishes and unpublishes what is due at `now`; call it from a cron task (config/server cron). */
  run(now?: Date): Promise<PassOutcome>;
};

export function createSchedulerService(strapi: Core.Strapi): SchedulerService {
  const config = () => strapi.config.get('plugin::scheduling') as SchedulingConfig;
  return {
    config,
    modelProblem: () => modelProblem(config(), (uid) => strapi.contentTypes[uid as keyof typeof strapi.contentTypes] as never),
    run: (now) => runPass(strapi, config(), now),
  };
}
