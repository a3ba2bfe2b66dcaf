import type { Core } from '@strapi/strapi';
import { guardsConfig } from './config';
import { installFairTurns } from './database/fair-turns';
import { registerReadiness } from './database/readiness';
import { guardsService } from './services';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  // The database exists now; the server does not listen yet.
  const { turns } = guardsConfig(strapi);
  if (turns.enabled) installFairTurns(strapi, turns);
  registerReadiness(strapi, guardsService(strapi).readinessChecks());
};
