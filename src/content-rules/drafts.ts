import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';

/** A validation error naming one field, as the admin shows it beside that field. */
export function fieldError(path: string, message: string): errors.ValidationError {
  return new errors.ValidationError(message, { errors: [{ path: [path], message, name: 'ValidationError' }] });
}

/**
 * The stored draft's `fields` (in `locale` when given), or null when there is none: what an update
 * that leaves a field out keeps, for rules that compare two fields or derive one from another.
 */
export async function storedDraft(strapi: Core.Strapi, uid: UID.ContentType, documentId: string | undefined, fields: string[], locale?: string | null): Promise<Record<string, unknown> | null> {
  if (!documentId) return null;
  return strapi.db.query(uid).findOne({ where: { documentId, publishedAt: null, ...(locale ? { locale } : {}) }, select: fields });
}
