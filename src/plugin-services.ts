import type { IncomingMessage } from 'http';
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';

/**
 * The public services of this app's own plugins (plugins/), as the app uses them: the one place
 * the app reaches them. Plugins are compiled on their own, so their types are declared here.
 */
export type GraphqlAcceleration = {
  /** Whether batched loading is on (config `batching`; GRAPHQL_BATCHING in config/plugins.ts). */
  isBatching(): boolean;
  /** A store of values kept for one GraphQL request (its context object): per-request DataLoaders. */
  perRequest<T>(): (context: object, key: string, create: () => T) => T;
};

export type ResponseCache = {
  /** Says which tags answers selecting a GraphQL type of the app's own depend on (in register()). */
  declareTypeDependencies(typeName: string, tags: string[]): void;
  /** Says that a root query field returns the published document of `uid` with its `slug` argument (in register()). */
  declareSlugLookup(fieldName: string, uid: string): void;
  /** Records the document a slug look-up found (or null), so that its cached answer depends on that document only. */
  recordLookup(context: object, uid: string, documentId: string | null): void;
  /** Bumps these tags (everything by default). */
  invalidate(tags?: string[]): Promise<void>;
  /** Runs `work` and returns its result with the tags its database writes bumped. */
  withWrittenTags<T>(work: () => Promise<T>): Promise<{ result: T; tags: string[] }>;
  /** Whether the shared store (Redis) answers: `unused` without one. */
  health(): Promise<'unused' | 'up' | 'down'>;
  /** The generation of what every answer depends on, or null when the cache is off. */
  globalGeneration(): Promise<number | null>;
  /** Adds a check every hit answered before Koa must pass. */
  addHitGate(gate: HitGate): void;
};

export type Scheduler = {
  /** One pass: publishes and unpublishes what is due (the cron task of config/cron-tasks.ts). */
  run(now?: Date): Promise<{ published: number; unpublished: number; failed: number }>;
};

export type HitGate = (req: IncomingMessage, ip: string) => Promise<{ pass: false } | { pass: true; headers?: Record<string, string> }>;

export type ProductionGuards = {
  /** Counts a cache hit answered before Koa against the GraphQL rate limit (for the response cache's addHitGate). */
  rateLimitHitGate: HitGate;
  /** Adds a named dependency to GET /_ready: `down` makes it answer 503 (before the server listens). */
  addReadinessCheck(name: string, check: () => Promise<'unused' | 'up' | 'down'>): void;
  answers: {
    /** Answers 400 with Strapi's error shape: `{ data: null, error: { status, name: 'ValidationError', message, details } }`. */
    validationError(ctx: Context, message: string, details?: Record<string, unknown>): void;
  };
  /** The signature and expiry check of an admin access token (no database), for guards that run before Strapi's routing. */
  adminAccessTokenCheck(): (token: string) => { isValid: boolean; payload?: { userId?: string | number } };
};

const plugin = (strapi: Core.Strapi) => strapi.plugin('graphql-acceleration');

export const graphqlAcceleration = (strapi: Core.Strapi): GraphqlAcceleration => plugin(strapi).service('acceleration') as GraphqlAcceleration;
export const responseCache = (strapi: Core.Strapi): ResponseCache => plugin(strapi).service('cache') as ResponseCache;
export const scheduler = (strapi: Core.Strapi): Scheduler => strapi.plugin('scheduling').service('scheduler') as Scheduler;
export const productionGuards = (strapi: Core.Strapi): ProductionGuards => strapi.plugin('production-guards').service('guards') as ProductionGuards;
