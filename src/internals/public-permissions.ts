import type { Core } from '@strapi/strapi';
import { mustBeFunction, type Internal } from './internal';

export const publicPermissions: Internal = {
  what: "users-permissions' read of the public role's permissions (permission service findPublicPermissions, wrapped to keep them per cache generation)",
  packageName: '@strapi/plugin-users-permissions',
  writtenAgainst: '5.54.0',
  file: 'public-permissions.ts',
};

type Read = () => Promise<unknown[]>;

export function wrapFindPublicPermissions(strapi: Core.Strapi, wrap: (stock: Read) => Read): void {
  const service = strapi.plugin('users-permissions').service('permission') as { findPublicPermissions?: unknown };
  const stock = mustBeFunction<Read>(publicPermissions, service?.findPublicPermissions, "the permission service's findPublicPermissions()").bind(service);
  service.findPublicPermissions = wrap(stock);
}
