import { AsyncLocalStorage } from 'async_hooks';
import type { Core } from '@strapi/strapi';
import { READ_ACTIONS } from '../content-api/anonymous-guard';
import { wrapTransaction } from '../internals/database-transaction';

/**
 * The Document Service wraps every call, reads included, in `strapi.db.transaction`: a read of one
 * SELECT costs BEGIN, SELECT, COMMIT, three round trips where one does. A read without `populate`
 * is exactly one statement (findMany, findFirst, findOne, count), so a transaction gives it
 * nothing: it runs as one autocommit statement instead. Reads with populate, and every write,
 * keep their transaction; a read inside an existing transaction joins it as before.
 */

const singleStatement = new AsyncLocalStorage<true>();

const hasPopulate = (params: unknown) => {
  const populate = (params as { populate?: unknown } | undefined)?.populate;
  return populate !== undefined && populate !== null && populate !== false && !(Array.isArray(populate) && populate.length === 0);
};

/** Document Service middleware marking single-statement reads; call from register(). */
export function registerSingleStatementReads(strapi: Core.Strapi): void {
  strapi.documents.use((context, next) => (READ_ACTIONS.has(context.action) && !hasPopulate(context.params) ? singleStatement.run(true, next) : next()));
}

/** Lets marked reads run their callback without BEGIN/COMMIT; call from bootstrap(), once the database exists. */
export function skipTransactionsOfSingleStatementReads(strapi: Core.Strapi): void {
  wrapTransaction(strapi, (transaction, inTransaction) => (cb) => {
    if (!cb || !singleStatement.getStore() || inTransaction()) return transaction(cb);
    return singleStatement.exit(async () => {
      const committed: Array<() => unknown> = [];
      const rolledBack: Array<() => unknown> = [];
      try {
        const result = await cb({
          trx: undefined,
          commit: async () => undefined,
          rollback: async () => undefined,
          onCommit: (fn: () => unknown) => committed.push(fn),
          onRollback: (fn: () => unknown) => rolledBack.push(fn),
        });
        for (const fn of committed) await fn();
        return result;
      } catch (error) {
        for (const fn of rolledBack) await fn();
        throw error;
      }
    });
  });
}
