import { AsyncLocalStorage } from 'async_hooks';
import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { operations } from '../settings/operations';

const requests = new AsyncLocalStorage<{ statements: number }>();

/** The response cache's gate for hits answered before Koa: they ran no SQL. */
export const diagnosticsHitGate = async () => ({ pass: true as const, headers: { 'X-SQL-Statements': '0' } });

/**
 * With DIAGNOSTIC_HEADERS=true every response carries `X-SQL-Statements`: the number of SQL
 * statements the request ran (knex query events within its async context). For profiling and
 * for the tests that hold the GraphQL API to a statement budget. Used as the first global
 * middleware, so it counts the whole request.
 */
export function sqlStatementsMiddleware(strapi: Core.Strapi): ((ctx: Context, next: Next) => Promise<void>) | null {
  if (!operations(strapi).diagnosticHeaders) return null;
  strapi.db.connection.on('query', () => {
    const request = requests.getStore();
    if (request) request.statements += 1;
  });
  strapi.log.warn('[diagnostics] DIAGNOSTIC_HEADERS is on: responses report their SQL statement count and cache path');
  return async (ctx, next) => {
    const request = { statements: 0 };
    await requests.run(request, next);
    ctx.set('X-SQL-Statements', String(request.statements));
  };
}
