import type { Core } from '@strapi/strapi';

/**
 * The SQL of a batched relation through a join table, compiled once and run as it is.
 *
 * Strapi's populate builds every relation statement anew for every request: its query builder
 * turns the populate into a query state, then knex builds and compiles the SQL, about a third of
 * a list request's time with six relations. For the plain case (a relation with a join table
 * and no arguments) this module writes the statement Strapi's populate writes for it
 * (`@strapi/database` query/helpers/populate/apply.js: `XtoOne`, `oneToMany`, `manyToMany`), the
 * same columns, join, conditions and order, with knex, once per relation, column set, status and
 * number of parents, and runs the compiled text with the parents' ids as its bindings. Rows are
 * converted with Strapi's own `fromRow`. Anything else (a query with filters, sort or other
 * parameters, a join table with extra conditions, a running transaction) is left to Strapi.
 */

type Row = Record<string, unknown>;
type JoinColumn = { name: string; referencedColumn: string };
type JoinTable = { name: string; joinColumn: JoinColumn; inverseJoinColumn: JoinColumn; orderBy?: Record<string, string>; on?: unknown };
type Meta = { uid: string; tableName: string; attributes: Record<string, { columnName?: string; joinTable?: JoinTable; relation?: string }> };
type Knex = Core.Strapi['db']['connection'];
type FromRow = (meta: Meta, row: Row | Row[]) => Row | Row[] | null;
/** The part of a populate query this module understands; anything more is Strapi's. */
export type PlainRelationQuery = { select: string[]; publishedAt?: 'published' | 'draft' };

const JOIN_ALIAS = '__strapi';
/** Compiled statements kept per relation, columns, status and number of parents. */
const MAX_STATEMENTS = 2000;

/** Strapi's row conversion: loaded from its file, as the populate step is (checked at boot). */
function loadFromRow(): FromRow {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const transform = require('@strapi/database/dist/query/helpers/transform.js');
  if (typeof transform?.fromRow !== 'function') {
    throw new Error('GraphQL batching: @strapi/database no longer has query/helpers/transform.js; set GRAPHQL_BATCHING=false or update src/graphql/direct-relations.ts');
  }
  return transform.fromRow;
}

export type DirectRelations = {
  /** Whether `field` of `uid` is a relation this module loads (a join table without extra conditions). */
  handles(uid: string, field: string): boolean;
  /**
   * The rows of the relation for each parent id (in the order Strapi's populate gives them), or
   * undefined when Strapi must load it (a transaction is running).
   */
  load(uid: string, field: string, targetUid: string, ids: Array<number | string>, query: PlainRelationQuery): Promise<Map<string, Row[]> | undefined>;
};

export function directRelations(strapi: Core.Strapi): DirectRelations {
  const fromRow = loadFromRow();
  const statements = new Map<string, string>();
  const db = strapi.db as unknown as { metadata: { get(uid: string): Meta }; connection: Knex; inTransaction(): boolean };
  const joinTableOf = (uid: string, field: string) => {
    const joinTable = db.metadata.get(uid)?.attributes[field]?.joinTable;
    return joinTable && joinTable.on === undefined ? joinTable : undefined;
  };
  const columnOf = (meta: Meta, attribute: string) => meta.attributes[attribute]?.columnName ?? attribute;

  /** The statement Strapi's populate runs for this relation and these many parents, with `?` for each id. */
  function statement(uid: string, field: string, target: Meta, count: number, query: PlainRelationQuery): string {
    const key = `${uid}.${field}:${query.select.join(',')}:${query.publishedAt ?? 'any'}:${count}`;
    const known = statements.get(key);
    if (known !== undefined) return known;
    const joinTable = joinTableOf(uid, field)!;
    const knex = db.connection;
    const joinColumn = joinTable.joinColumn.name;
    const order = Object.entries(joinTable.orderBy ?? {});
    const builder = knex
      .from({ t0: target.tableName })
      .distinct([
        ...order.map(([column]) => `t1.${column}`),
        ...query.select.map((attribute) => `t0.${columnOf(target, attribute)}`),
        `t1.${joinColumn} as ${JOIN_ALIAS}${joinColumn}`,
      ])
      .leftJoin({ t1: joinTable.name }, `t0.${joinTable.inverseJoinColumn.referencedColumn}`, `t1.${joinTable.inverseJoinColumn.name}`)
      .whereIn(`t1.${joinColumn}`, Array.from({ length: count }, () => 0));
    if (query.publishedAt === 'published') builder.whereNotNull(`t0.${columnOf(target, 'publishedAt')}`);
    if (query.publishedAt === 'draft') builder.whereNull(`t0.${columnOf(target, 'publishedAt')}`);
    for (const [column, direction] of order) builder.orderBy(`t1.${column}`, direction === 'desc' ? 'desc' : 'asc');
    builder.orderBy('t0.id', 'asc');
    const sql = builder.toSQL().sql;
    if (statements.size >= MAX_STATEMENTS) statements.delete(statements.keys().next().value as string);
    statements.set(key, sql);
    return sql;
  }

  return {
    handles: (uid, field) => joinTableOf(uid, field) !== undefined,
    async load(uid, field, targetUid, ids, query) {
      if (db.inTransaction()) return undefined;
      const target = db.metadata.get(targetUid);
      const joinColumn = `${JOIN_ALIAS}${joinTableOf(uid, field)!.joinColumn.name}`;
      const result = (await db.connection.raw(statement(uid, field, target, ids.length, query), ids)) as Row[] | { rows: Row[] } | [Row[], unknown];
      // better-sqlite3 gives the rows, pg a result with `rows`, mysql2 [rows, fields].
      const rows = Array.isArray(result) ? (Array.isArray(result[0]) ? (result[0] as Row[]) : (result as Row[])) : result.rows;
      const byParent = new Map<string, Row[]>();
      for (const row of rows) {
        const parent = String(row[joinColumn]);
        let list = byParent.get(parent);
        if (!list) byParent.set(parent, (list = []));
        list.push(fromRow(target, row) as Row);
      }
      return byParent;
    },
  };
}
