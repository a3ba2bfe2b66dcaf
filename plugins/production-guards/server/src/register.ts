import type { Core } from '@strapi/strapi';
import { guardsConfig } from './config';
import { replaceStrapiCors } from './cors';
import { reportInternalVersions } from './internals';
import { registerUploadFileCheck } from './uploads/file-check';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  if (!strapi.plugin('graphql')) throw new Error('production-guards needs @strapi/plugin-graphql: install it and enable it in config/plugins');
  reportInternalVersions(strapi);
  const config = guardsConfig(strapi);
  if (config.strictCors.enabled) replaceStrapiCors(strapi);
  // The upload service checks every file before it stores it, whatever route brought it.
  if (config.uploadCheck.enabled) registerUploadFileCheck(strapi);
};
