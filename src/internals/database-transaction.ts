import type { Core } from '@strapi/strapi';
import { mustBeFunction, type Internal } from './internal';

export const databaseTransaction: Internal = {
  what: "the Database's transaction(), replaced to run single-statement reads without BEGIN/COMMIT",
  packageName: '@strapi/database',
  writtenAgainst: '5.54.0',
  file: 'database-transaction.ts',
};

export type TransactionCallback = (params: Record<string, unknown>) => Promise<unknown>;
type Transaction = (cb?: TransactionCallback) => Promise<unknown>;

/** Puts `wrap(stock)` in place of `strapi.db.transaction` (once the database exists: bootstrap). */
export function wrapTransaction(strapi: Core.Strapi, wrap: (stock: Transaction, inTransaction: () => boolean) => Transaction): void {
  const db = strapi.db as unknown as { transaction?: Transaction; inTransaction?: () => boolean };
  const stock = mustBeFunction<Transaction>(databaseTransaction, db?.transaction, 'strapi.db.transaction()').bind(db);
  const inTransaction = mustBeFunction<() => boolean>(databaseTransaction, db?.inTransaction, 'strapi.db.inTransaction()').bind(db);
  db.transaction = wrap(stock, inTransaction);
}
