import type { Core } from '@strapi/strapi';
import { operations, type OperationsSettings } from '../settings/operations';

const COMMON_PASSWORDS = ['password', 'admin', 'strapi', 'qwerty', 'letmein', 'welcome', '123456', 'changeme', 'change-me'];

/** Returns why a password is too weak for a super admin, or null when it is acceptable. */
export function passwordWeakness(password: string, email = ''): string | null {
  if (password.length < 12) return 'it must have at least 12 characters';
  if (Buffer.byteLength(password, 'utf8') > 72) return 'it must be at most 72 bytes (bcrypt ignores the rest)';
  if (!/[a-z]/.test(password) || !/[A-Z]/.test(password) || !/\d/.test(password)) {
    return 'it must mix lower case, upper case and digits';
  }
  const lower = password.toLowerCase();
  const nameParts = (email.split('@')[0] ?? '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((part) => part.length >= 4);
  if (COMMON_PASSWORDS.some((word) => lower.includes(word))) return 'it contains a commonly guessed word';
  if (nameParts.some((part) => lower.includes(part))) return 'it contains the email address';
  if (/^(.)\1+$/.test(password) || new Set(password).size < 6) return 'it repeats too few different characters';
  return null;
}

/**
 * Creates the first super admin from ADMIN_EMAIL and ADMIN_PASSWORD when no admin user exists yet.
 * There is no built-in default: without both variables nothing happens and the admin panel asks
 * for the first user. A weak password or a malformed email stops the boot with the reason (checked only when the
 * user is about to be created: once an admin exists, the variables are not used).
 */
export async function ensureFirstAdmin(strapi: Core.Strapi, admin: OperationsSettings['firstAdmin'] = operations(strapi).firstAdmin): Promise<boolean> {
  const email = admin.email;
  const password = admin.password ?? '';
  if (!email && !password) return false;
  if (!email || !password) {
    throw new Error('ADMIN_EMAIL and ADMIN_PASSWORD go together: set both to create the first super admin, or neither.');
  }

  const users = strapi.service('admin::user');
  if (await users.exists()) return false;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new Error(`ADMIN_EMAIL="${email}" is not an email address.`);
  const weakness = passwordWeakness(password, email);
  if (weakness) throw new Error(`ADMIN_PASSWORD is too weak: ${weakness}.`);
  await users.createFirstAdmin({
    email: email.toLowerCase(),
    password,
    firstname: admin.firstname || 'Admin',
    lastname: admin.lastname,
  });
  strapi.log.info(`[admin] created the first super admin ${email.toLowerCase()}`);
  return true;
}
