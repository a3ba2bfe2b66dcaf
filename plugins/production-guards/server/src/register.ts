import type { Core } from '@strapi/strapi';
import { guardsConfig } from './config';
import { reportInternalVersions } from './internals';
import { registerUploadFileCheck } from './uploads/file-check';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  if (!strapi.plugin('graphql')) throw new Error('production-guards needs @strapi/plugin-graphql: install it and enable it in config/plugins');
  reportInternalVersions(strapi);
  // The upload service checks every file before it stores it, whatever route brought it.
  if (guardsConfig(strapi).uploadCheck.enabled) registerUploadFileCheck(strapi);
};
