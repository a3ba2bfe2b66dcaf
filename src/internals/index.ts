import type { Core } from '@strapi/strapi';
import { contentApiQuery } from './content-api-query';
import { databaseTransaction } from './database-transaction';
import { graphqlErrorFormat } from './graphql-error-format';
import { versionOf, type Internal } from './internal';
import { publicPermissions } from './public-permissions';
import { sqlitePrepare } from './sqlite-prepare';

/**
 * Every part of Strapi (and of the libraries under it) that the app uses outside their public
 * API, one file each in this folder. Their accessors check the shape when the app boots (a
 * missing member stops it with a message naming the file); those of the plugins are in their own
 * internals/ (plugins/graphql-acceleration, plugins/production-guards).
 */
export const APP_INTERNALS: readonly Internal[] = [contentApiQuery, databaseTransaction, graphqlErrorFormat, publicPermissions, sqlitePrepare];

/** Logs, once at boot, each internal whose package is installed in another version than the one it was written against. */
export function reportInternalVersions(strapi: Core.Strapi): void {
  for (const internal of APP_INTERNALS) {
    const installed = versionOf(internal.packageName);
    if (installed && !internal.writtenAgainst.startsWith(installed)) {
      strapi.log.warn(`[internals] ${internal.what}: written against ${internal.packageName} ${internal.writtenAgainst}, ${installed} is installed (src/internals/${internal.file})`);
    }
  }
}
