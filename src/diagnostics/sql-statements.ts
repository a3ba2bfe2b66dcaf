import { AsyncLocalStorage } from 'async_hooks';
import type { Core } from '@strapi/strapi';
import { envSwitch } from '../utils/env-switch';

const requests = new AsyncLocalStorage<{ statements: number }>();

/**
 * With SQL_STATEMENTS_HEADER=true every response carries `X-SQL-Statements`: the number of SQL
 * statements the request ran (knex query events within its async context). For profiling and
 * for the tests that hold the GraphQL API to a statement budget; off by default.
 */
export function registerSqlStatementsHeader(strapi: Core.Strapi): void {
  if (!envSwitch('SQL_STATEMENTS_HEADER', false)) return;
  strapi.db.connection.on('query', () => {
    const request = requests.getStore();
    if (request) request.statements += 1;
  });
  strapi.server.use(async (ctx, next) => {
    const request = { statements: 0 };
    await requests.run(request, next);
    ctx.set('X-SQL-Statements', String(request.statements));
  });
  strapi.log.warn('[diagnostics] SQL_STATEMENTS_HEADER is on: responses report their SQL statement count');
}
