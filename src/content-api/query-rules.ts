import { errors } from '@strapi/utils';

/**
 * Pure rules for the query parameters of content API requests (REST query strings, and GraphQL
 * arguments once Strapi's GraphQL plugin has turned them into the same shape). They walk a query
 * with the content type's schema and know nothing of Koa or GraphQL:
 *
 * - `checkFilterShape`: nesting depth and size of `filters` (and of the filters inside `populate`),
 *   checked before anything else walks them, so a 600-level `$and` is refused in microseconds.
 * - `checkFilterValues`: a value compared with a number, date or boolean attribute must be one, and
 *   fit the column (an id of 20 digits overflows PostgreSQL's integer): 400, not a database error.
 * - `checkPublicationParams`: a caller without draft rights asks for published content only.
 * - `publishedOnly`: the same caller's relation filters and populated relations see published rows
 *   only, at every depth.
 */

export type Attribute = {
  type: string;
  relation?: string;
  target?: string;
  component?: string;
  components?: string[];
  multiple?: boolean;
};
export type Schema = { uid?: string; attributes: Record<string, Attribute>; options?: { draftAndPublish?: boolean } };
export type GetModel = (uid: string) => Schema | undefined;
export type FilterLimits = { maxDepth: number; maxSize: number };

type Json = unknown;
const isObject = (value: Json): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);

export const hasDraftAndPublish = (schema: Schema | undefined): boolean => Boolean(schema?.options?.draftAndPublish);

/** The condition that keeps a draft-and-publish type to its published rows. */
export const PUBLISHED = Object.freeze({ publishedAt: Object.freeze({ $notNull: true }) });

/** The model a relation, media or component attribute leads to; undefined for morph relations and scalars. */
function targetOf(attribute: Attribute | undefined, getModel: GetModel): Schema | undefined {
  if (!attribute) return undefined;
  if (attribute.type === 'relation' && attribute.target) return getModel(attribute.target);
  if (attribute.type === 'media') return getModel('plugin::upload.file');
  if (attribute.type === 'component' && attribute.component) return getModel(attribute.component);
  return undefined;
}

const isMorph = (attribute: Attribute | undefined): boolean => attribute?.type === 'relation' && typeof attribute.relation === 'string' && attribute.relation.startsWith('morph');

// ---------------------------------------------------------------------------------------------
// Shape: depth and size

/**
 * Refuses `filters` nested deeper than `maxDepth` objects and arrays, or holding more than `maxSize`
 * keys and items in all, here and in every populate's filters. Iterative and stops at the first
 * excess, so a hostile document costs what the limit allows and no more.
 */
export function checkFilterShape(query: Json, limits: FilterLimits, allowance: FilterAllowance = NO_ALLOWANCE): void {
  if (!isObject(query)) return;
  if (query.filters !== undefined) checkTree(query.filters, limits, 'filters', allowance);
  checkPopulateFilters(query.populate, limits, 0);
}

/** How much deeper and larger the root `filters` may be than the limits: the part the server built (not the caller). */
export type FilterAllowance = { depth: number; size: number };
const NO_ALLOWANCE: FilterAllowance = { depth: 0, size: 0 };

function checkPopulateFilters(populate: Json, limits: FilterLimits, depth: number): void {
  if (!isObject(populate)) return;
  if (depth > limits.maxDepth) throw new errors.ValidationError(`populate is nested deeper than ${limits.maxDepth} levels`);
  for (const [key, value] of Object.entries(populate)) {
    if (!isObject(value)) continue;
    if (value.filters !== undefined) checkTree(value.filters, limits, `populate.${key}.filters`);
    checkPopulateFilters(value.populate, limits, depth + 1);
    if (isObject(value.on)) for (const fragment of Object.values(value.on)) checkPopulateFilters({ fragment }, limits, depth + 1);
  }
}

/**
 * How deeply a JSON value nests objects and arrays, and how many keys and items they hold in all:
 * walked with a stack of its own (no recursion), and only until one of the limits is passed, so a
 * hostile value costs what the limits allow. `exceeds` names the limit passed first.
 */
export function jsonShape(root: Json, { maxDepth, maxSize }: FilterLimits): { depth: number; size: number; exceeds: 'depth' | 'size' | null } {
  const stack: Array<[Json, number]> = [[root, 1]];
  let deepest = 0;
  let size = 0;
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    deepest = Math.max(deepest, depth);
    if (depth > maxDepth) return { depth: deepest, size, exceeds: 'depth' };
    const children = Array.isArray(node) ? node : Object.values(node);
    size += children.length;
    if (size > maxSize) return { depth: deepest, size, exceeds: 'size' };
    for (const child of children) stack.push([child, depth + 1]);
  }
  return { depth: deepest, size, exceeds: null };
}

function checkTree(root: Json, limits: FilterLimits, path: string, allowance = NO_ALLOWANCE): void {
  const { exceeds } = jsonShape(root, { maxDepth: limits.maxDepth + allowance.depth, maxSize: limits.maxSize + allowance.size });
  if (exceeds === 'depth') {
    throw new errors.ValidationError(`${path} are nested deeper than ${limits.maxDepth} levels: simplify the filter`, { path, maxDepth: limits.maxDepth });
  }
  if (exceeds === 'size') {
    throw new errors.ValidationError(`${path} hold more than ${limits.maxSize} conditions and values: simplify the filter`, { path, maxSize: limits.maxSize });
  }
}

// ---------------------------------------------------------------------------------------------
// Values compared with typed attributes

const INT32 = 2 ** 31 - 1;
const INT64_DIGITS = /^-?\d{1,19}$/;
const INT64_MAX = BigInt('9223372036854775807');
const NUMERIC_TYPES = new Set(['integer', 'biginteger', 'float', 'decimal']);
const DATE_TYPES = new Set(['date', 'datetime', 'timestamp', 'time']);
/** Operators whose operands are compared as values of the attribute's own type. */
const TYPED_OPERATORS = new Set(['$eq', '$ne', '$lt', '$lte', '$gt', '$gte', '$in', '$notIn', '$between']);
const LOGICAL_OPERATORS = new Set(['$and', '$or', '$not']);
const BOOLEAN_OPERATORS = new Set(['$null', '$notNull']);

/** Why `value` cannot be compared with an attribute of `type`, or null when it can. */
export function valueProblem(type: string, value: Json): string | null {
  if (value === null || value === undefined) return null;
  if (NUMERIC_TYPES.has(type)) {
    const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : null;
    if (text === null || text === '' || !Number.isFinite(Number(text))) return 'is not a number';
    if (type === 'integer') {
      const number = Number(text);
      if (!Number.isInteger(number) || Math.abs(number) > INT32) return `is not a whole number between -${INT32} and ${INT32}`;
    }
    if (type === 'biginteger' && (!INT64_DIGITS.test(text) || BigInt(text) > INT64_MAX || BigInt(text) < -INT64_MAX - BigInt(1))) {
      return 'is not a 64-bit whole number';
    }
    return null;
  }
  if (DATE_TYPES.has(type)) {
    if (typeof value !== 'string' && typeof value !== 'number') return 'is not a date';
    if (type === 'time') return /^\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.test(String(value)) ? null : 'is not a time (HH:mm or HH:mm:ss)';
    const time = typeof value === 'number' ? value : Date.parse(value);
    return Number.isFinite(time) && Math.abs(time) <= 8.64e15 ? null : 'is not a date (ISO 8601, such as 2026-12-03 or 2026-12-03T09:17:00Z)';
  }
  if (type === 'boolean') {
    return [true, false, 'true', 'false', 1, 0, '1', '0'].includes(value as never) ? null : 'is not true or false';
  }
  return null;
}

const shown = (value: Json): string => (typeof value === 'string' ? JSON.stringify(value.slice(0, 60)) : String(value));
const bad = (path: string, value: Json, problem: string) => new errors.ValidationError(`Invalid filter value at ${path}: ${shown(value)} ${problem}`, { path });

/**
 * Refuses filter values that cannot be compared with their attribute (a word where a number or a
 * date belongs, a number beyond the column) in `filters` and in every populate's filters.
 */
export function checkFilterValues(query: Json, schema: Schema, getModel: GetModel): void {
  eachLevel(query, schema, getModel, '', (level, levelSchema, prefix) => {
    if (level.filters !== undefined) checkValues(level.filters, levelSchema, getModel, `${prefix}filters`);
  });
}

/**
 * Calls `visit` for the query and for the options object of every populated relation, media or
 * component in it, at any depth, with the schema each level reads and its path (`populate.x.`).
 */
function eachLevel(query: Json, schema: Schema, getModel: GetModel, prefix: string, visit: (level: Record<string, Json>, schema: Schema, prefix: string) => void): void {
  if (!isObject(query)) return;
  visit(query, schema, prefix);
  if (!isObject(query.populate)) return;
  for (const [key, value] of Object.entries(query.populate)) {
    const target = targetOf(schema.attributes[key], getModel);
    if (target) eachLevel(value, target, getModel, `${prefix}populate.${key}.`, visit);
  }
}

function checkValues(filters: Json, schema: Schema, getModel: GetModel, path: string): void {
  if (Array.isArray(filters)) {
    filters.forEach((item, index) => checkValues(item, schema, getModel, `${path}[${index}]`));
    return;
  }
  if (!isObject(filters)) return;
  for (const [key, value] of Object.entries(filters)) {
    const at = `${path}.${key}`;
    if (LOGICAL_OPERATORS.has(key)) {
      checkValues(value, schema, getModel, at);
      continue;
    }
    const attribute = key === 'id' ? { type: 'integer' } : schema.attributes[key];
    if (!attribute) continue; // unknown keys are Strapi's validator's to refuse
    const target = targetOf(attribute, getModel);
    if (target) {
      checkValues(isObject(value) || Array.isArray(value) ? value : { id: value }, target, getModel, at);
    } else {
      checkOperand(attribute.type, value, at);
    }
  }
}

/** A scalar attribute's filter: a value (implicit $eq), a list (implicit $in) or operators. */
function checkOperand(type: string, operand: Json, path: string): void {
  if (Array.isArray(operand)) {
    operand.forEach((item, index) => checkOperand(type, item, `${path}[${index}]`));
    return;
  }
  if (!isObject(operand)) {
    const problem = valueProblem(type, operand);
    if (problem) throw bad(path, operand, problem);
    return;
  }
  for (const [operator, value] of Object.entries(operand)) {
    const at = `${path}.${operator}`;
    if (LOGICAL_OPERATORS.has(operator)) checkOperand(type, value, at);
    else if (BOOLEAN_OPERATORS.has(operator)) {
      const problem = valueProblem('boolean', value);
      if (problem) throw bad(at, value, problem);
    } else if (TYPED_OPERATORS.has(operator)) {
      for (const item of Array.isArray(value) ? value : [value]) {
        const problem = isObject(item) || Array.isArray(item) ? 'is not a single value' : valueProblem(type, item);
        if (problem) throw bad(at, item, problem);
      }
    } else if (NUMERIC_TYPES.has(type) || DATE_TYPES.has(type) || type === 'boolean') {
      // $contains, $startsWith, … compare text: meaningless on numbers, dates and booleans
      throw new errors.ValidationError(`Invalid filter at ${at}: ${operator} compares text and cannot be used on a ${type} field`, { path: at });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Publication state

export const DRAFT_PARAMS_FORBIDDEN_MESSAGE =
  'Only published content is served to this caller: remove the status, publicationFilter and hasPublishedVersion parameters (an API token with draft access may use them).';

/**
 * A caller without draft rights may leave `status` out or ask for `published`, nothing else (any
 * other value, in any letter case or shape, is a draft to Strapi); `publicationFilter` and
 * `hasPublishedVersion` tell which published documents have unpublished edits, so they are refused.
 */
export function checkPublicationParams(query: Json): void {
  if (!isObject(query)) return;
  const status = query.status;
  if (status !== undefined && status !== null && status !== 'published') throw new errors.ForbiddenError(DRAFT_PARAMS_FORBIDDEN_MESSAGE);
  for (const name of ['publicationFilter', 'hasPublishedVersion']) {
    if (query[name] !== undefined && query[name] !== null) throw new errors.ForbiddenError(DRAFT_PARAMS_FORBIDDEN_MESSAGE);
  }
}

/** The attribute paths a `sort` names: `a.b:asc,c`, a list of those, `{ a: { b: 'asc' } }` or a list of those. */
export function sortPaths(sort: Json): string[][] {
  if (typeof sort === 'string') return sort.split(',').map((part) => part.split(':')[0].trim().split('.'));
  if (Array.isArray(sort)) return sort.flatMap(sortPaths);
  if (isObject(sort)) {
    return Object.entries(sort).flatMap(([key, value]) => (isObject(value) || Array.isArray(value) ? sortPaths(value).map((path) => [key, ...path]) : [[key]]));
  }
  return [];
}

/**
 * A caller without draft rights may not sort by a field of a related draft-and-publish type
 * (`sort=caseStories.title`, `localizations.title`) or of a type with a row rule (`contacts.name`):
 * the join reads rows that are not public too, so the order of the answers would tell their text
 * letter by letter, as a filter would. Checked in `sort` and in every populate's `sort`.
 */
export function checkSortThroughDrafts(query: Json, schema: Schema, getModel: GetModel, rules: RowRules = {}): void {
  eachLevel(query, schema, getModel, '', (level, levelSchema, prefix) => {
    for (const path of sortPaths(level.sort)) {
      let current: Schema | undefined = levelSchema;
      for (const name of path.slice(0, -1)) {
        const attribute: Attribute | undefined = current?.attributes[name];
        current = targetOf(attribute, getModel);
        if (attribute?.type === 'relation' && publicCondition(current, rules) !== undefined) {
          throw new errors.ForbiddenError(`Sorting by ${path.join('.')} (${prefix}sort) is not available: it would order by related documents that are not public.`);
        }
      }
    }
  });
}

/**
 * Conditions a row of a type must meet to be public, beyond being published (by UID; filter
 * syntax): contacts the editors chose to show (src/content-rules/contacts.ts).
 */
export type RowRules = Record<string, Record<string, Json>>;

/** What a row of `target` must match to be public: published where the type has drafts, and its own rule. */
function publicCondition(target: Schema | undefined, rules: RowRules): Json | undefined {
  const own = target?.uid ? rules[target.uid] : undefined;
  if (!hasDraftAndPublish(target)) return own;
  return own ? { $and: [PUBLISHED, own] } : PUBLISHED;
}

/** `filters` restricted to rows that also match `condition` (none: unchanged). */
const restrictTo = (filters: Json, condition: Json | undefined): Json => {
  if (condition === undefined) return filters;
  return filters === undefined || (isObject(filters) && Object.keys(filters).length === 0) ? { ...(condition as Record<string, Json>) } : { $and: [filters, condition] };
};

/**
 * The query as a caller without draft rights may run it: every filter through a relation to a
 * draft-and-publish type (`localizations` too) matches published rows only, every populated
 * relation to such a type returns published rows only, at any depth and inside components. A
 * populate of a polymorphic relation (a file's `related`) is restricted type by type to the
 * content types that have no drafts and the published rows of those that do.
 */
export function publishedOnly<T>(query: T, schema: Schema, getModel: GetModel, allContentTypes: () => string[], rules: RowRules = {}): T {
  if (!isObject(query)) return query;
  const result: Record<string, Json> = { ...query };
  if (query.filters !== undefined) result.filters = restrictFilters(query.filters, schema, getModel, rules);
  // The type's own rows: its rule (published is Strapi's default for the root of a query).
  const own = schema.uid ? rules[schema.uid] : undefined;
  if (own) result.filters = restrictTo(result.filters, own);
  if (query.populate !== undefined) result.populate = restrictPopulate(query.populate, schema, getModel, allContentTypes, rules);
  return result as T;
}

function restrictFilters(filters: Json, schema: Schema, getModel: GetModel, rules: RowRules): Json {
  if (Array.isArray(filters)) return filters.map((item) => restrictFilters(item, schema, getModel, rules));
  if (!isObject(filters)) return filters;
  const result: Record<string, Json> = {};
  for (const [key, value] of Object.entries(filters)) {
    if (LOGICAL_OPERATORS.has(key)) {
      result[key] = restrictFilters(value, schema, getModel, rules);
      continue;
    }
    const attribute = schema.attributes[key];
    const target = targetOf(attribute, getModel);
    if (!target) {
      result[key] = value;
      continue;
    }
    const nested = restrictFilters(isObject(value) || Array.isArray(value) ? value : { id: value }, target, getModel, rules);
    result[key] = attribute?.type === 'relation' ? restrictTo(nested, publicCondition(target, rules)) : nested;
  }
  return result;
}

/** Every populatable attribute of a schema (what `*` and `true` populate). */
function populatable(schema: Schema): string[] {
  return Object.entries(schema.attributes)
    .filter(([, attribute]) => ['relation', 'media', 'component', 'dynamiczone'].includes(attribute.type))
    .map(([name]) => name);
}

function restrictPopulate(populate: Json, schema: Schema, getModel: GetModel, allContentTypes: () => string[], rules: RowRules): Json {
  // '*', true, 'a,b' and ['a', 'b'] name attributes without options: give each its own object
  let entries: Array<[string, Json]>;
  if (populate === '*' || populate === true || populate === 'true') entries = populatable(schema).map((name) => [name, true]);
  else if (typeof populate === 'string') entries = populate.split(',').map((name) => [name.trim(), true]);
  else if (Array.isArray(populate)) entries = populate.flatMap((item) => String(item).split(',')).map((name) => [name.trim(), true]);
  else if (isObject(populate)) entries = Object.entries(populate);
  else return populate;

  const result: Record<string, Json> = {};
  for (const [key, value] of entries) {
    const attribute = schema.attributes[key];
    if (!attribute || value === false || value === 'false') continue;
    const options: Record<string, Json> = isObject(value) ? { ...value } : {};
    if (isMorph(attribute)) {
      result[key] = restrictMorph(options, getModel, allContentTypes, rules);
      continue;
    }
    if (attribute.type === 'dynamiczone') {
      result[key] = value;
      continue;
    }
    const target = targetOf(attribute, getModel);
    if (!target) {
      result[key] = value;
      continue;
    }
    if (options.filters !== undefined) options.filters = restrictFilters(options.filters, target, getModel, rules);
    if (options.populate !== undefined) options.populate = restrictPopulate(options.populate, target, getModel, allContentTypes, rules);
    if (attribute.type === 'relation') {
      const condition = publicCondition(target, rules);
      if (condition !== undefined) options.filters = restrictTo(options.filters, condition);
    }
    result[key] = Object.keys(options).length > 0 ? options : true;
  }
  return result;
}

/** A morph relation's populate as fragments, one per content type, published rows only where there are drafts. */
function restrictMorph(options: Record<string, Json>, getModel: GetModel, allContentTypes: () => string[], rules: RowRules): Json {
  const requested = isObject(options.on) ? options.on : null;
  const on: Record<string, Json> = {};
  for (const uid of requested ? Object.keys(requested) : allContentTypes()) {
    const target = getModel(uid);
    if (!target) continue;
    const fragment: Record<string, Json> = requested && isObject(requested[uid]) ? { ...(requested[uid] as Record<string, Json>) } : {};
    if (fragment.filters !== undefined) fragment.filters = restrictFilters(fragment.filters, target, getModel, rules);
    if (fragment.populate === undefined && options.populate === '*') fragment.populate = '*';
    if (fragment.populate !== undefined) fragment.populate = restrictPopulate(fragment.populate, target, getModel, allContentTypes, rules);
    const condition = publicCondition(target, rules);
    if (condition !== undefined) fragment.filters = restrictTo(fragment.filters, condition);
    on[uid] = fragment;
  }
  return { on, ...(options.count !== undefined ? { count: options.count } : {}) };
}
