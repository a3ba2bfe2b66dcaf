import type { Core } from '@strapi/strapi';
import { corsFactory } from './cors-factory';
import { packageVersion, type Internal } from './fence';
import { knexPool, knexPoolEvents } from './knex-pool';
import { sessionManager } from './session-manager';
import { uploadService } from './upload-service';

/**
 * Every use of other packages' internals in this plugin. Each accessor checks its shape when the
 * guard that needs it starts (the boot stops with InternalChangedError); this list only says,
 * once at the start, which were written against another version than the one installed.
 */
export const INTERNALS: readonly Internal[] = [corsFactory, knexPool, knexPoolEvents, sessionManager, uploadService];

export function reportInternalVersions(strapi: Core.Strapi): void {
  for (const internal of INTERNALS) {
    const installed = packageVersion(internal.packageName);
    if (installed && !internal.writtenAgainst.startsWith(installed)) {
      strapi.log.warn(`[production-guards] ${internal.what}: written against ${internal.packageName} ${internal.writtenAgainst}, ${installed} is installed (internals/${internal.file})`);
    }
  }
}
