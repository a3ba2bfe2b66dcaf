import path from 'path';
import { functionOf, InternalChangedError, packageDir, requireInternal, type Internal } from './fence';

type Schema = { getTypeMap(): Record<string, unknown> };

/**
 * Apollo Server wraps every field of a schema once more when a plugin has a `willResolveField`
 * hook, and marks the schema as wrapped. Its marking functions (`utils/schemaInstrumentation.js`,
 * not exported) are used to mark plugin-graphql's schema without the per-field wrapper, in
 * plugin-graphql's `content-api.buildSchema` (a replaced member of its service).
 */
export const schemaInstrumentation: Internal = {
  what: "Apollo Server's schema instrumentation marks, and plugin-graphql's content-api.buildSchema (replaced member)",
  packageName: '@apollo/server',
  writtenAgainst: '4.13.0 (with @strapi/plugin-graphql 5.54.0)',
  file: 'schema-instrumentation.ts',
};

export const buildSchemaMember: Internal = {
  what: "plugin-graphql's content-api.buildSchema (replaced member)",
  packageName: '@strapi/plugin-graphql',
  writtenAgainst: '5.54.0',
  file: 'schema-instrumentation.ts',
};

export type Instrumentation = {
  mark(schema: unknown): unknown;
  marked(schema: unknown): boolean;
};

/** The Apollo Server plugin-graphql itself uses: resolved from plugin-graphql's directory. */
export function loadInstrumentation(): Instrumentation {
  const graphqlDir = packageDir('@strapi/plugin-graphql');
  // The package's main file is dist/cjs/index.js: the utils sit beside it.
  const main = require.resolve('@apollo/server', { paths: [graphqlDir] });
  const relative = path.relative(packageDir('@apollo/server', graphqlDir), path.join(path.dirname(main), 'utils/schemaInstrumentation.js'));
  const module = requireInternal<unknown>(schemaInstrumentation, relative, graphqlDir);
  return {
    mark: functionOf(schemaInstrumentation, module, 'enablePluginsForSchemaResolvers', relative),
    marked: functionOf(schemaInstrumentation, module, 'pluginsEnabledForSchemaResolvers', relative),
  };
}

type BuildSchema = (...args: unknown[]) => Schema;

/** plugin-graphql's `content-api.buildSchema`, or the internal's error. */
export function buildSchemaOf(service: unknown): BuildSchema {
  const buildSchema = (service as { buildSchema?: unknown } | undefined)?.buildSchema;
  if (typeof buildSchema !== 'function') throw new InternalChangedError(buildSchemaMember, 'buildSchema() in its content-api service');
  return buildSchema as BuildSchema;
}

/** Puts `wrap` around plugin-graphql's `content-api.buildSchema`. */
export function wrapBuildSchema(service: unknown, wrap: (schema: Schema) => Schema): void {
  const buildSchema = buildSchemaOf(service);
  (service as { buildSchema: BuildSchema }).buildSchema = (...args: unknown[]) => wrap(buildSchema.apply(service, args));
}
