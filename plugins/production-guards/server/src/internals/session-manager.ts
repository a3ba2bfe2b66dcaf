import type { Core } from '@strapi/strapi';
import { expectFunction, type Internal } from './fence';

export const sessionManager: Internal = {
  what: "the admin session manager's access-token check (strapi.sessionManager('admin').validateAccessToken), read before Strapi's routing",
  packageName: '@strapi/core',
  writtenAgainst: '5.54.0',
  file: 'session-manager.ts',
  switchedOffBy: 'turns.enabled',
  alsoUsedBy: "the guards service's adminAccessTokenCheck()",
};

export type AccessTokenCheck = (token: string) => { isValid: boolean; payload?: { userId?: string | number } };

/**
 * The check of an admin access token, as Strapi's admin authentication makes it first (signature
 * and expiry, no database). Call when a middleware is created: the session manager exists then.
 */
export function adminAccessTokenCheck(strapi: Core.Strapi): AccessTokenCheck {
  const sessions = expectFunction<(origin: string) => { validateAccessToken?: unknown }>(sessionManager, (strapi as unknown as { sessionManager?: unknown }).sessionManager, 'strapi.sessionManager()');
  const admin = sessions('admin');
  const validate = expectFunction<AccessTokenCheck>(sessionManager, admin?.validateAccessToken, "sessionManager('admin').validateAccessToken()");
  return (token) => validate.call(admin, token);
}
