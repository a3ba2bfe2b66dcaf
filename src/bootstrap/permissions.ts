import type { Core } from '@strapi/strapi';
import { CASE_STORY, CONTACT, FOCUS_AREA, MUNICIPALITY, ORGANISATION, PARTNERSHIP, PRESS_RELEASE } from '../content-types';

/**
 * Everything the public (anonymous) role may do: read published content, nothing else.
 * This map is the whole truth: at every boot the public role is set to exactly these actions, so a
 * permission ticked by hand in the admin (say, `create`, or users-permissions' `register`) is removed.
 * Drafts and mutations are never open to anonymous callers (see src/content-api/anonymous-guard.ts), and media is served
 * only through the published documents that use it, so the media library itself is not listed here.
 */
export const PUBLIC_READ: Record<string, readonly string[]> = {
  [MUNICIPALITY]: ['find', 'findOne'],
  [ORGANISATION]: ['find', 'findOne'],
  [FOCUS_AREA]: ['find', 'findOne'],
  [CONTACT]: ['find', 'findOne'],
  [PARTNERSHIP]: ['find', 'findOne'],
  [CASE_STORY]: ['find', 'findOne'],
  [PRESS_RELEASE]: ['find', 'findOne'],
  'plugin::i18n.locales': ['listLocales'],
};

export function publicActions(map: Record<string, readonly string[]> = PUBLIC_READ): string[] {
  return Object.entries(map).flatMap(([controller, actions]) => actions.map((action) => `${controller}.${action}`));
}

const PERMISSION_UID = 'plugin::users-permissions.permission';

/** Sets the public role's permissions to exactly PUBLIC_READ. Idempotent. */
export async function ensurePublicReadPermissions(strapi: Core.Strapi): Promise<{ granted: string[]; revoked: string[] }> {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'public' } });
  if (!role) throw new Error('The users-permissions public role is missing: is @strapi/plugin-users-permissions installed?');

  const wanted = new Set(publicActions());
  const current: Array<{ id: number; action: string }> = await strapi.db.query(PERMISSION_UID).findMany({ where: { role: role.id }, select: ['id', 'action'] });
  const currentActions = new Set(current.map((permission) => permission.action));

  const revoked = current.filter((permission) => !wanted.has(permission.action));
  if (revoked.length > 0) {
    await strapi.db.query(PERMISSION_UID).deleteMany({ where: { id: { $in: revoked.map((p) => p.id) } } });
  }
  const granted = [...wanted].filter((action) => !currentActions.has(action));
  for (const action of granted) {
    await strapi.db.query(PERMISSION_UID).create({ data: { action, role: role.id } });
  }
  if (granted.length > 0 || revoked.length > 0) {
    strapi.log.info(`[permissions] public role: granted ${granted.length}, revoked ${revoked.length} (${revoked.map((p) => p.action).join(', ') || 'none'})`);
  }
  return { granted, revoked: revoked.map((p) => p.action) };
}
