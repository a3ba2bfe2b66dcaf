import type { Core } from '@strapi/strapi';
import { responseCache } from '../plugin-services';
import { wrapFindPublicPermissions } from '../internals/public-permissions';

/**
 * users-permissions reads the public role's permissions from the database on every anonymous
 * request. They change only when someone saves a role or a permission, and such a write starts a
 * new global generation of the response cache (shared through Redis across instances when
 * REDIS_URL is set), so the permissions are kept per generation: one read after each such write
 * instead of one per request. Without the response cache (GRAPHQL_CACHE=false) nothing is kept.
 */
export function registerPublicPermissionsCache(strapi: Core.Strapi): void {
  const cache = responseCache(strapi);
  let kept: { generation: number; permissions: Promise<unknown[]> } | null = null;
  wrapFindPublicPermissions(strapi, (read) => async () => {
    const generation = await cache.globalGeneration().catch(() => null);
    if (generation === null) return read();
    if (kept?.generation !== generation) kept = { generation, permissions: read() };
    const current = kept;
    try {
      return await current.permissions;
    } catch (error) {
      if (kept === current) kept = null;
      throw error;
    }
  });
}
