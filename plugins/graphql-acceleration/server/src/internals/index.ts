import type { Core } from '@strapi/strapi';
import { installedVersion, type Internal } from './fence';
import { loadApplyPopulate, populateApply } from './populate-apply';
import { loadConversion, rowConversion } from './row-conversion';
import { buildSchemaMember, buildSchemaOf, loadInstrumentation, schemaInstrumentation } from './schema-instrumentation';
import { wrapResolversInternal, wrapResolversModule } from './wrap-resolvers';

/**
 * Every use of other packages' internals in this plugin, each checked when the plugin registers
 * with batching on. The other uses of plugin-graphql are its public services (`extension`,
 * `utils`, `builders`, `format`, `content-api`) and one documented contract of its resolvers: the
 * root query arguments it records in `context.rootQueryArgsByPath` for status inheritance.
 */
export const INTERNALS: ReadonlyArray<{ internal: Internal; check(strapi: Core.Strapi): unknown }> = [
  { internal: populateApply, check: () => loadApplyPopulate() },
  { internal: rowConversion, check: () => loadConversion() },
  { internal: wrapResolversInternal, check: () => wrapResolversModule() },
  { internal: schemaInstrumentation, check: () => loadInstrumentation() },
  { internal: buildSchemaMember, check: (strapi) => buildSchemaOf(strapi.plugin('graphql')?.service('content-api')) },
];

/**
 * Checks every internal: a missing file or member throws (the boot stops with its message); an
 * installed version other than the one written against is logged once as a warning, since most
 * upgrades keep these files as they are.
 */
export function checkInternals(strapi: Core.Strapi): void {
  for (const { internal, check } of INTERNALS) {
    check(strapi);
    const installed = installedVersion(internal.packageName);
    if (installed && !internal.writtenAgainst.startsWith(installed)) {
      strapi.log.warn(
        `[graphql-acceleration] ${internal.what}: written against ${internal.packageName} ${internal.writtenAgainst}, ${installed} is installed; its shape checks passed (internals/${internal.file})`
      );
    }
  }
}
