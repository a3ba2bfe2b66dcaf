import type { Core } from '@strapi/strapi';
import { loadConversion, type Conversion } from '../internals/row-conversion';

/**
 * The SQL of a batched relation, compiled once and run as it is.
 *
 * Strapi's populate builds every relation statement anew for every request: its query builder
 * turns the populate into a query state, then knex builds and compiles the SQL, about a third of
 * a list request's time with six relations. For the plain cases, a relation through a join table
 * and a media field (a morph relation to files), without arguments, this module writes the
 * statement Strapi's populate writes for it (`@strapi/database` query/helpers/populate/apply.js:
 * `XtoOne`, `oneToMany` and `manyToMany` with a join table; `morphX` for `morphToMany` targets):
 * the same columns, join, conditions and order, with knex, once per relation, column set,
 * status and number of parents, and runs the compiled text with the parents' ids as bindings.
 * Rows are converted as Strapi's `fromRow` converts them, with Strapi's own field classes. Anything else (a query with filters, sort or
 * other parameters, a join table with extra conditions, a running transaction, more than
 * MAX_PARENTS parents) is left to Strapi.
 */

type Row = Record<string, unknown>;
type JoinColumn = { name: string; referencedColumn: string };
type MorphColumn = { idColumn: JoinColumn; typeColumn: { name: string } };
type JoinTable = {
  name: string;
  joinColumn: JoinColumn;
  inverseJoinColumn?: JoinColumn;
  morphColumn?: MorphColumn;
  orderBy?: Record<string, string>;
  on?: unknown;
};
type Attribute = { type?: string; columnName?: string; joinTable?: JoinTable; relation?: string; target?: string; morphBy?: string };
type Meta = { uid: string; tableName: string; attributes: Record<string, Attribute> };
type Knex = Core.Strapi['db']['connection'];
type QueryBuilder = ReturnType<Knex['from']>;
/** A scalar a column is compared with for equality. */
export type Scalar = string | number | boolean;
/**
 * The part of a populate query this module understands; anything more is Strapi's. `equals`:
 * conditions `attribute = value` on the target's own scalar attributes (an app's row rule, such
 * as contacts shown publicly), in a fixed order.
 */
export type PlainRelationQuery = { select: string[]; publishedAt?: 'published' | 'draft'; equals?: Array<[string, Scalar]> };

/** Attribute types whose values compare as they are stored (a boolean as 0/1 on SQLite: knex's binding). */
const EQUALITY_TYPES = new Set(['boolean', 'string', 'enumeration', 'integer', 'biginteger', 'uid', 'email']);

/** How a relation of a parent model reaches its target's rows. */
type Route = { kind: 'join-table'; joinTable: JoinTable; inverse: JoinColumn } | { kind: 'morph'; joinTable: JoinTable; morph: MorphColumn; field: string; type: string };
type Compiled = { sql: string; bindings: (ids: Array<number | string>) => unknown[]; parentColumn: string };

const JOIN_ALIAS = '__strapi';
/** Compiled statements kept per relation, columns, status and number of parents. */
const MAX_STATEMENTS = 500;
/**
 * Batches of more parents (nested lists of long pages) are left to Strapi's populate: a statement
 * holds one placeholder per parent, and the kept statements stay small (500 × ~3 KB at most).
 */
const MAX_PARENTS = 1000;

/**
 * A row converter for a model that does what Strapi's `fromRow` does to each row (each column of
 * an attribute under the attribute's name: a scalar through its field's `fromDB`, null kept; a
 * relation column as it is; other columns left out), with the fields made once per model
 * instead of once per column of every row.
 */
function rowConverter(meta: Meta & { columnToAttribute: Record<string, string> }, conversion: Conversion): (row: Row) => Row {
  const plan = new Map<string, { name: string; field?: ReturnType<Conversion['createField']> } | null>();
  const planOf = (column: string) => {
    let step = plan.get(column);
    if (step === undefined) {
      const name = Object.prototype.hasOwnProperty.call(meta.columnToAttribute, column) ? meta.columnToAttribute[column] : undefined;
      const attribute = name === undefined ? undefined : meta.attributes[name];
      if (!name || !attribute) step = null;
      else if (conversion.isScalar(attribute.type)) step = { name, field: conversion.createField(attribute) };
      else if (conversion.isRelation(attribute.type)) step = { name };
      else step = null;
      plan.set(column, step);
    }
    return step;
  };
  return (row) => {
    const converted: Row = {};
    for (const column in row) {
      const step = planOf(column);
      if (!step) continue;
      const value = row[column];
      converted[step.name] = step.field && value !== null ? step.field.fromDB(value) : value;
    }
    return converted;
  };
}

export type DirectRelations = {
  /** Whether `field` of `uid` is a relation this module loads. */
  handles(uid: string, field: string): boolean;
  /**
   * The rows of the relation for each parent id (in the order Strapi's populate gives them), or
   * undefined when Strapi must load it (a transaction is running).
   */
  load(uid: string, field: string, targetUid: string, ids: Array<number | string>, query: PlainRelationQuery): Promise<Map<string, Row[]> | undefined>;
};

export function directRelations(strapi: Core.Strapi): DirectRelations {
  const conversion = loadConversion();
  const converters = new Map<string, (row: Row) => Row>();
  const converterOf = (meta: Meta) => {
    let converter = converters.get(meta.uid);
    if (!converter) converters.set(meta.uid, (converter = rowConverter(meta as Meta & { columnToAttribute: Record<string, string> }, conversion)));
    return converter;
  };
  const statements = new Map<string, Compiled | null>();
  const db = strapi.db as unknown as { metadata: { get(uid: string): Meta | undefined }; connection: Knex; inTransaction(): boolean };
  const columnOf = conversion.toColumnName;

  function routeOf(uid: string, field: string): Route | undefined {
    const attribute = db.metadata.get(uid)?.attributes[field];
    if (!attribute || attribute.type !== 'relation') return undefined;
    const { joinTable } = attribute;
    if (joinTable?.inverseJoinColumn && joinTable.on === undefined) return { kind: 'join-table', joinTable, inverse: joinTable.inverseJoinColumn };
    if ((attribute.relation === 'morphOne' || attribute.relation === 'morphMany') && attribute.target && attribute.morphBy) {
      const targetAttribute = db.metadata.get(attribute.target)?.attributes[attribute.morphBy];
      const morphTable = targetAttribute?.joinTable;
      if (targetAttribute?.relation !== 'morphToMany' || !morphTable?.morphColumn || morphTable.on !== undefined) return undefined;
      return { kind: 'morph', joinTable: morphTable, morph: morphTable.morphColumn, field, type: uid };
    }
    return undefined;
  }

  /**
   * The statement Strapi's populate runs for this relation and this many parents, or null when
   * knex does not place the bindings as expected (then Strapi loads it).
   */
  function compile(route: Route, target: Meta, count: number, query: PlainRelationQuery): Compiled | null {
    const knex = db.connection;
    const placeholders = Array.from({ length: count }, () => 0);
    const order = Object.entries(route.joinTable.orderBy ?? {});
    const columns = query.select.map((attribute) => `t0.${columnOf(target, attribute)}`);
    const equals = query.equals ?? [];
    if (equals.some(([attribute]) => !EQUALITY_TYPES.has(target.attributes[attribute]?.type ?? ''))) return null;
    const values = equals.map(([, value]) => value);
    let builder: QueryBuilder;
    let parentColumn: string;
    let expected: unknown[];
    let bindings: Compiled['bindings'];
    if (route.kind === 'join-table') {
      const joinColumn = route.joinTable.joinColumn.name;
      parentColumn = `${JOIN_ALIAS}${joinColumn}`;
      builder = knex
        .from({ t0: target.tableName })
        .distinct([...order.map(([column]) => `t1.${column}`), ...columns, `t1.${joinColumn} as ${parentColumn}`])
        .leftJoin({ t1: route.joinTable.name }, `t0.${route.inverse.referencedColumn}`, `t1.${route.inverse.name}`)
        .whereIn(`t1.${joinColumn}`, placeholders);
      expected = [...placeholders, ...values];
      bindings = (ids) => [...ids, ...values];
    } else {
      const { idColumn, typeColumn } = route.morph;
      const { joinColumn } = route.joinTable;
      parentColumn = idColumn.name;
      builder = knex
        .from({ t0: target.tableName })
        .distinct([...order.map(([column]) => `t1.${column}`), ...columns, `t1.${idColumn.name}`, `t1.${typeColumn.name}`])
        .leftJoin({ t1: route.joinTable.name }, (join) => {
          join.on(`t0.${joinColumn.referencedColumn}`, '=', `t1.${joinColumn.name}`).andOnVal(`t1.field`, '=', route.field);
        })
        .whereIn(`t1.${idColumn.name}`, placeholders)
        .where(`t1.${typeColumn.name}`, route.type);
      expected = [route.field, ...placeholders, route.type, ...values];
      bindings = (ids) => [route.field, ...ids, route.type, ...values];
    }
    for (const [attribute, value] of equals) builder.where(`t0.${columnOf(target, attribute)}`, value as never);
    if (query.publishedAt === 'published') builder.whereNotNull(`t0.${columnOf(target, 'publishedAt')}`);
    if (query.publishedAt === 'draft') builder.whereNull(`t0.${columnOf(target, 'publishedAt')}`);
    for (const [column, direction] of order) builder.orderBy(`t1.${column}`, direction === 'desc' ? 'desc' : 'asc');
    builder.orderBy('t0.id', 'asc');
    const compiled = builder.toSQL();
    // The bindings are given by position when the statement runs: they must be where they were built.
    if (JSON.stringify(compiled.bindings) !== JSON.stringify(expected)) return null;
    return { sql: compiled.sql, bindings, parentColumn };
  }

  function statement(uid: string, field: string, route: Route, target: Meta, count: number, query: PlainRelationQuery): Compiled | null {
    const key = `${uid}.${field}:${query.select.join(',')}:${query.publishedAt ?? 'any'}:${JSON.stringify(query.equals ?? [])}:${count}`;
    let known = statements.get(key);
    if (known === undefined) {
      known = compile(route, target, count, query);
      if (statements.size >= MAX_STATEMENTS) statements.delete(statements.keys().next().value as string);
      statements.set(key, known);
    }
    return known;
  }

  const routes = new Map<string, Route | undefined>();
  const cachedRoute = (uid: string, field: string) => {
    const key = `${uid}.${field}`;
    if (!routes.has(key)) routes.set(key, routeOf(uid, field));
    return routes.get(key);
  };

  return {
    handles: (uid, field) => cachedRoute(uid, field) !== undefined,
    async load(uid, field, targetUid, ids, query) {
      const route = cachedRoute(uid, field);
      const target = db.metadata.get(targetUid);
      if (!route || !target || ids.length > MAX_PARENTS || db.inTransaction()) return undefined;
      const compiled = statement(uid, field, route, target, ids.length, query);
      if (!compiled) return undefined;
      const result = (await db.connection.raw(compiled.sql, compiled.bindings(ids) as never)) as unknown as Row[] | { rows: Row[] } | [Row[], unknown];
      // better-sqlite3 gives the rows, pg a result with `rows`, mysql2 [rows, fields].
      const rows = Array.isArray(result) ? (Array.isArray(result[0]) ? (result[0] as Row[]) : (result as Row[])) : result.rows;
      const fromRow = converterOf(target);
      const byParent = new Map<string, Row[]>();
      for (const row of rows) {
        const parent = String(row[compiled.parentColumn]);
        let list = byParent.get(parent);
        if (!list) byParent.set(parent, (list = []));
        list.push(fromRow(row));
      }
      return byParent;
    },
  };
}
