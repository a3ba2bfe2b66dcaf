import { AsyncLocalStorage } from 'async_hooks';
import type { Core } from '@strapi/strapi';
import { mayReadDrafts } from './anonymous-guard';
import { wrapContentApiQuery } from '../internals/content-api-query';
import {
  checkFilterShape,
  checkFilterValues,
  checkPublicationParams,
  checkSortThroughDrafts,
  jsonShape,
  type FilterAllowance,
  publishedOnly,
  type FilterLimits,
  type GetModel,
  type RowRules,
  type Schema,
} from './query-rules';
import { PUBLIC_CONTACT } from '../content-rules/contacts';
import { CONTACT } from '../content-types';
import { operations } from '../settings/operations';

/** Rows the public may see beyond published ones: contacts the editors chose to show. */
export const ROW_RULES: RowRules = { [CONTACT]: PUBLIC_CONTACT };

const serverBuilt = new AsyncLocalStorage<{ uid: string; allowance: FilterAllowance; used: boolean }>();
/** Queries validated with an allowance keep it when they are validated again (GraphQL's pageInfo). */
const allowances = new WeakMap<object, FilterAllowance>();
const UNLIMITED: FilterLimits = { maxDepth: Infinity, maxSize: Infinity };

/**
 * Runs `work` (a GraphQL resolver) whose query of `uid` has `combined` as its filters: the caller's
 * own filters with conditions the server added (the fallback chain's chosen versions: one
 * document id per document). The filter limits hold for the caller's part; the server's part,
 * which grows with the number of documents, is not counted against them. The allowance goes to
 * the first query of `uid` validated in `work`, and stays with that query object.
 */
export function withServerBuiltFilters<T>(uid: string, callerFilters: unknown, combined: unknown, work: () => T): T {
  const caller = jsonShape(callerFilters as never, UNLIMITED);
  const whole = jsonShape(combined as never, UNLIMITED);
  const allowance = { depth: Math.max(0, whole.depth - caller.depth), size: Math.max(0, whole.size - caller.size) };
  return serverBuilt.run({ uid, allowance, used: false }, work);
}

/** The allowance of a query being validated: its own, or the one waiting for the first query of its type. */
function allowanceOf(query: Record<string, unknown>, uid: string | undefined): FilterAllowance | undefined {
  const kept = allowances.get(query);
  if (kept) return kept;
  const pending = serverBuilt.getStore();
  if (!pending || pending.used || pending.uid !== uid) return undefined;
  pending.used = true;
  allowances.set(query, pending.allowance);
  return pending.allowance;
}

type Options = { auth?: { strategy?: { name?: string }; credentials?: unknown } } & Record<string, unknown>;

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
  const limits = operations(strapi).filterLimits;
  const getModel: GetModel = (uid) => strapi.getModel(uid as never) as unknown as Schema | undefined;
  const contentTypes = () => Object.keys(strapi.contentTypes);

  const check = (query: Record<string, unknown>, schema: Schema, options?: Options) => {
    const allowance = allowanceOf(query, schema?.uid);
    checkFilterShape(query, limits, allowance);
    if (!mayReadDrafts(options?.auth)) checkPublicationParams(query);
    if (!schema) return;
    checkFilterValues(query, schema, getModel);
    if (!mayReadDrafts(options?.auth)) checkSortThroughDrafts(query, schema, getModel, ROW_RULES);
  };

  wrapContentApiQuery(strapi, {
    validate: (validate) => async (query, schema, options) => {
      check(query ?? {}, schema as Schema, options as Options);
      return validate(query, schema, options);
    },
    sanitize: (sanitize) => async (query, schema, options) => {
      if (mayReadDrafts(options?.auth as never)) return sanitize(query, schema, options);
      checkPublicationParams(query ?? {});
      const sanitized = (await sanitize(query, schema, options)) as Record<string, unknown>;
      return schema ? publishedOnly(sanitized, schema as Schema, getModel, contentTypes, ROW_RULES) : sanitized;
    },
  });
}
