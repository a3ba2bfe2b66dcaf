import type { Core } from '@strapi/strapi';
import { mustBeFunction, type Internal } from './internal';

export const contentApiQuery: Internal = {
  what: "the content API's query validation and sanitization (strapi.contentAPI.validate.query, .sanitize.query), wrapped: every REST and GraphQL query passes through them",
  packageName: '@strapi/core',
  writtenAgainst: '5.54.0',
  file: 'content-api-query.ts',
};

type Schema = { uid?: string } | undefined;
export type QueryStep = (query: Record<string, unknown>, schema: Schema, options?: { auth?: unknown }) => Promise<unknown>;

/** Puts the wrappers around the content API's validate.query and sanitize.query (each given the stock one). */
export function wrapContentApiQuery(strapi: Core.Strapi, wrap: { validate: (stock: QueryStep) => QueryStep; sanitize: (stock: QueryStep) => QueryStep }): void {
  const api = strapi.contentAPI as unknown as { validate?: { query?: unknown }; sanitize?: { query?: unknown } };
  const validate = mustBeFunction<QueryStep>(contentApiQuery, api?.validate?.query, 'strapi.contentAPI.validate.query()');
  const sanitize = mustBeFunction<QueryStep>(contentApiQuery, api?.sanitize?.query, 'strapi.contentAPI.sanitize.query()');
  api.validate!.query = wrap.validate(validate);
  api.sanitize!.query = wrap.sanitize(sanitize);
}
