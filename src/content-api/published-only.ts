import type { Core } from '@strapi/strapi';
import { envInteger } from '../utils/env-switch';
import { mayReadDrafts } from './anonymous-guard';
import {
  checkFilterShape,
  checkFilterValues,
  checkPublicationParams,
  checkSortThroughDrafts,
  publishedOnly,
  type FilterLimits,
  type GetModel,
  type Schema,
} from './query-rules';

/** Filter limits: FILTER_MAX_DEPTH nested objects and arrays, FILTER_MAX_SIZE keys and items in all. */
export function filterLimits(env: NodeJS.ProcessEnv = process.env): FilterLimits {
  return {
    maxDepth: envInteger('FILTER_MAX_DEPTH', 16, 2, env, 'how deeply filters may nest (objects and arrays)'),
    maxSize: envInteger('FILTER_MAX_SIZE', 300, 10, env, 'how many keys and values the filters of one request may hold'),
  };
}

type Options = { auth?: { strategy?: { name?: string }; credentials?: unknown } } & Record<string, unknown>;
type QueryFunction = (query: Record<string, unknown>, schema: Schema, options?: Options) => Promise<unknown>;

/**
 * Every content API query, REST (Strapi's controllers and the upload plugin's) and GraphQL (root
 * fields, relation fields, components, this app's batched loading), is validated and sanitized
 * through `strapi.contentAPI.validate.query` and `.sanitize.query`, with the caller's auth. Both
 * are wrapped here so the rules of `query-rules.ts` hold on every one of those paths:
 *
 * - validation, for every caller: filter depth and size first (before Strapi walks them), the
 *   publication parameters and sorts through related drafts of callers without draft rights, and
 *   filter values against their attributes' types (400 instead of a database error);
 * - sanitization, for callers without draft rights: the publication parameters again (every
 *   caller in Strapi and in this app validates first, but what is sanitized here must not ask for
 *   drafts whatever the caller did), then relation filters and populated relations are restricted
 *   to published rows.
 */
export function registerContentQueryRules(strapi: Core.Strapi): void {
  const limits = filterLimits();
  const getModel: GetModel = (uid) => strapi.getModel(uid as never) as unknown as Schema | undefined;
  const contentTypes = () => Object.keys(strapi.contentTypes);
  const api = strapi.contentAPI as unknown as { validate: { query: QueryFunction }; sanitize: { query: QueryFunction } };

  const check = (query: Record<string, unknown>, schema: Schema, options?: Options) => {
    checkFilterShape(query, limits);
    if (!mayReadDrafts(options?.auth)) checkPublicationParams(query);
    if (!schema) return;
    checkFilterValues(query, schema, getModel);
    if (!mayReadDrafts(options?.auth)) checkSortThroughDrafts(query, schema, getModel);
  };

  const validate = api.validate.query;
  api.validate.query = async (query, schema, options) => {
    check(query ?? {}, schema, options);
    return validate(query, schema, options);
  };

  const sanitize = api.sanitize.query;
  api.sanitize.query = async (query, schema, options) => {
    if (mayReadDrafts(options?.auth)) return sanitize(query, schema, options);
    checkPublicationParams(query ?? {});
    const sanitized = await sanitize(query, schema, options);
    return schema ? publishedOnly(sanitized, schema, getModel, contentTypes) : sanitized;
  };
}
