import type { Core } from '@strapi/strapi';
import { Kind, parse, type DocumentNode } from 'graphql';
import type { Context, Next } from 'koa';
import { graphqlBodyParser } from './graphql-cache';

/** The name of a fragment that spreads itself (directly or through others), or null. */
export function fragmentCycle(document: DocumentNode): string | null {
  const spreads = new Map<string, string[]>();
  for (const definition of document.definitions) {
    if (definition.kind !== Kind.FRAGMENT_DEFINITION) continue;
    const names: string[] = [];
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      if ((node as { kind?: string }).kind === Kind.FRAGMENT_SPREAD) names.push((node as { name: { value: string } }).name.value);
      for (const value of Object.values(node)) {
        if (Array.isArray(value)) value.forEach(walk);
        else if (value && typeof value === 'object') walk(value);
      }
    };
    walk(definition.selectionSet);
    spreads.set(definition.name.value, names);
  }
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string): string | null => {
    if (state.get(name) === 'visiting') return name;
    if (state.get(name) === 'done' || !spreads.has(name)) return null;
    state.set(name, 'visiting');
    for (const next of spreads.get(name)!) {
      const found = visit(next);
      if (found) return found;
    }
    state.set(name, 'done');
    return null;
  };
  for (const name of spreads.keys()) {
    const found = visit(name);
    if (found) return found;
  }
  return null;
}

/**
 * Refuses a GraphQL document whose fragments spread each other in a cycle with a 400 before it
 * reaches Apollo: Strapi's depth-limit rule (graphql-depth-limit) follows such a cycle until the
 * stack overflows and the request ends in a 500. graphql-js would report the cycle itself, but
 * every validation rule runs in the same pass. Documents without fragments are not parsed here.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const endpoint: string = strapi.plugin('graphql').config('endpoint');
  const parser = graphqlBodyParser(strapi);
  return async (ctx: Context, next: Next) => {
    if (ctx.path !== endpoint || (ctx.method !== 'GET' && ctx.method !== 'POST')) return next();
    let query: unknown;
    if (ctx.method === 'POST') {
      if (!parser || ctx.is('application/json') !== 'application/json') return next();
      // The route's parser leaves a parsed body alone; a body it cannot parse answers 400 here as there.
      if ((ctx.request as { body?: unknown }).body === undefined) await parser(ctx, async () => undefined);
      query = ((ctx.request as { body?: { query?: unknown } }).body ?? {}).query;
    } else {
      query = ctx.query.query;
    }
    if (typeof query !== 'string' || !query.includes('...')) return next();
    let document: DocumentNode;
    try {
      document = parse(query, { noLocation: true });
    } catch {
      return next(); // Apollo answers syntax errors with a 400 of its own
    }
    const cycle = fragmentCycle(document);
    if (!cycle) return next();
    ctx.status = 400;
    ctx.type = 'application/json';
    ctx.body = { errors: [{ message: `Cannot spread fragment "${cycle}" within itself.`, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] };
  };
};
