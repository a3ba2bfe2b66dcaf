type ConditionalContext = { method: string; path: string; status: number; fresh: boolean };

/** Koa middleware: answers 304 to a conditional GET of the GraphQL route whose ETag still matches. */
export function conditionalGet(endpoint: string) {
  return async (ctx: ConditionalContext, next: () => Promise<void>) => {
    await next();
    if (ctx.method === 'GET' && ctx.path === endpoint && ctx.status === 200 && ctx.fresh) ctx.status = 304;
  };
}
