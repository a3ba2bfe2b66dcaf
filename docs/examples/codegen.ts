/**
 * graphql-codegen for this CMS: TypeScript types of your site's queries, with the CMS's scalars
 * typed (not `any` or `unknown`): a locale code and the dates are strings, a JSON field (rich
 * text in Strapi's blocks format, say) a JSON value (./json.ts). `strictScalars` makes codegen
 * fail on a scalar this file does not map, should the CMS add one.
 *
 * `npx graphql-codegen --config codegen.ts`, with @graphql-codegen/cli, @graphql-codegen/typescript
 * and @graphql-codegen/typescript-operations installed. The tests (tests/api/web-client.test.ts)
 * run it on the CMS's schema.graphql and ./case-stories.graphql, compile what it writes with
 * `strict` on and run the queries.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  // The CMS's schema: a development CMS's address (production answers no introspection), or
  // schema.graphql from its repository.
  schema: process.env.CMS_GRAPHQL_URL ?? 'http://localhost:1337/graphql',
  documents: ['src/**/*.graphql'],
  generates: {
    'src/cms/graphql.ts': {
      plugins: ['typescript', 'typescript-operations'],
      config: {
        strictScalars: true,
        scalars: {
          I18NLocaleCode: 'string',
          Date: 'string', // 2026-12-04
          DateTime: 'string', // 2026-12-04T09:00:00.000Z
          JSON: "import('./json').JsonValue",
        },
        enumsAsTypes: true,
        avoidOptionals: { field: true, inputValue: false, object: true },
      },
    },
  },
};

export default config;
