import { InternalChangedError, requireInternal, type Internal } from './fence';

/**
 * Strapi's populate step: given rows with ids, it runs one query per relation and sets the field
 * on each row. It is what `findMany({ populate })` uses internally; @strapi/database does not
 * export it by name.
 */
export type ApplyPopulate = (rows: Array<Record<string, unknown>>, populate: Record<string, unknown>, ctx: { db: unknown; uid: string; qb: unknown }) => Promise<void>;

export const populateApply: Internal = {
  what: "the populate step of Strapi's query engine",
  packageName: '@strapi/database',
  writtenAgainst: '5.54.0',
  file: 'populate-apply.ts',
};

const FILE = 'dist/query/helpers/populate/apply.js';

export function loadApplyPopulate(): ApplyPopulate {
  const module = requireInternal<unknown>(populateApply, FILE);
  const fn = typeof module === 'function' ? module : (module as { default?: unknown } | undefined)?.default;
  if (typeof fn !== 'function') throw new InternalChangedError(populateApply, `a function exported by ${FILE}`);
  return fn as ApplyPopulate;
}
