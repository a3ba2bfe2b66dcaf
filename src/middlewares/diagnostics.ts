import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { sqlStatementsMiddleware } from '../diagnostics/sql-statements';

/** Diagnostic response headers (DIAGNOSTIC_HEADERS=true); does nothing otherwise. */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => sqlStatementsMiddleware(strapi) ?? (async (_ctx: Context, next: Next) => next());
