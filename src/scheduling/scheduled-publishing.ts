import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { fieldError, storedDraft } from '../content-rules/drafts';
import { isPageType, PAGE_TYPES, type PageType } from '../page-types';

/* Editors schedule the page types: publishAt / unpublishAt per locale. */

type Row = { id: number; documentId: string; locale: string | null; title?: string; publishAt?: When; unpublishAt?: When };
type When = string | Date | null | undefined;
type Publisher = { publish(params: object): Promise<unknown>; unpublish(params: object): Promise<unknown> };

const asDate = (value: When) => (value === null || value === undefined || value === '' ? null : new Date(value));

/**
 * Refuses a schedule that cannot work: unpublishAt in the past, or not after publishAt (the
 * stored draft's value counts when an update changes only one of them).
 */
async function checkSchedule(strapi: Core.Strapi, uid: PageType, params: { documentId?: string; locale?: string; data?: Record<string, unknown> }) {
  const data = params.data;
  if (!data || (!('publishAt' in data) && !('unpublishAt' in data))) return;
  const stored: { publishAt?: When; unpublishAt?: When } =
    'publishAt' in data && 'unpublishAt' in data ? {} : ((await storedDraft(strapi, uid, params.documentId, ['publishAt', 'unpublishAt'], params.locale)) ?? {});
  const publishAt = asDate('publishAt' in data ? (data.publishAt as When) : stored.publishAt);
  const unpublishAt = asDate('unpublishAt' in data ? (data.unpublishAt as When) : stored.unpublishAt);
  if ('unpublishAt' in data && unpublishAt && unpublishAt.getTime() <= Date.now()) {
    throw fieldError('unpublishAt', `unpublishAt (${unpublishAt.toISOString()}) is in the past: choose a later time or clear it`);
  }
  if (publishAt && unpublishAt && unpublishAt.getTime() <= publishAt.getTime()) {
    throw fieldError('unpublishAt', `unpublishAt (${unpublishAt.toISOString()}) must be after publishAt (${publishAt.toISOString()})`);
  }
}

/** The embargo: a press release is not published before its release date. */
async function checkEmbargo(strapi: Core.Strapi, params: { documentId?: string; locale?: string | string[] }) {
  if (!params.documentId) return;
  const locales = Array.isArray(params.locale) || params.locale === '*' ? {} : params.locale ? { locale: params.locale } : {};
  const drafts: Array<{ releaseDate?: When; locale?: string }> = await strapi.db.query('api::press-release.press-release').findMany({
    where: { documentId: params.documentId, publishedAt: null, ...locales },
    select: ['releaseDate', 'locale'],
  });
  for (const draft of drafts) {
    const releaseDate = asDate(draft.releaseDate);
    if (releaseDate && releaseDate.getTime() > Date.now()) {
      throw fieldError(
        'releaseDate',
        `releaseDate: this press release is embargoed until ${releaseDate.toISOString()}; schedule it with publishAt, or move the release date to publish it now`
      );
    }
  }
}

/** Clears the publish schedule of a document's locale once it is published, by any means. */
async function clearPublishAt(strapi: Core.Strapi, uid: PageType, documentId: string, locale?: string | string[]) {
  const inLocale = typeof locale === 'string' && locale !== '*' ? { locale } : {};
  await strapi.db.query(uid).updateMany({ where: { documentId, publishAt: { $notNull: true }, ...inLocale }, data: { publishAt: null } });
}

/** Validation of schedules, the embargo, and clearing a schedule that a manual publish made moot. */
export function registerScheduleRules(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    if (!isPageType(context.uid)) return next();
    const params = context.params as { documentId?: string; locale?: string; data?: Record<string, unknown> };
    if (context.action === 'create' || context.action === 'update') await checkSchedule(strapi, context.uid, params);
    if (context.action !== 'publish') return next();
    if (context.uid === 'api::press-release.press-release') await checkEmbargo(strapi, params);
    const result = await next();
    if (params.documentId) await clearPublishAt(strapi, context.uid, params.documentId, params.locale);
    return result;
  });
}

/**
 * One pass of the scheduler: publishes every draft whose publishAt has come and unpublishes every
 * published version whose unpublishAt has come, through the Document Service (so every rule,
 * check and cache invalidation applies). Each due row is claimed first with a conditional UPDATE
 * that only one instance can win, so several instances on one database act exactly once.
 */
export async function runScheduledPublishing(strapi: Core.Strapi, now = new Date()): Promise<{ published: number; unpublished: number; failed: number }> {
  const outcome = { published: 0, unpublished: 0, failed: 0 };
  for (const uid of PAGE_TYPES) {
    const documents = strapi.documents(uid) as unknown as Publisher;
    // One UPDATE … WHERE id = ? AND <field> <= now: only one instance changes the row.
    const claim = async (row: Row, field: 'publishAt' | 'unpublishAt') =>
      (await strapi.db.query(uid).updateMany({ where: { id: row.id, [field]: { $notNull: true, $lte: now } }, data: { [field]: null } })).count === 1;
    const label = (row: Row) => `${uid} ${row.documentId} (${row.locale ?? '-'}) "${row.title ?? ''}"`;

    const duePublish: Row[] = await strapi.db.query(uid).findMany({
      where: { publishedAt: null, publishAt: { $lte: now } },
      select: ['id', 'documentId', 'locale', 'title', 'publishAt'],
    });
    for (const row of duePublish) {
      if (!(await claim(row, 'publishAt'))) continue; // another instance took it
      try {
        await documents.publish({ documentId: row.documentId, locale: row.locale ?? undefined });
        outcome.published += 1;
        strapi.log.info(`[schedule] published ${label(row)}`);
      } catch (error) {
        outcome.failed += 1;
        if (error instanceof errors.ValidationError) {
          // The document is not ready (a check failed, an embargo): retrying cannot help.
          strapi.log.error(`[schedule] could not publish ${label(row)}: ${error.message}; its publishAt is cleared, publish it by hand once this is fixed`);
        } else {
          // A passing fault (the database busy, a lost connection): the next pass tries again.
          await strapi.db.query(uid).updateMany({ where: { id: row.id, publishedAt: null }, data: { publishAt: row.publishAt } }).catch(() => undefined);
          strapi.log.warn(`[schedule] could not publish ${label(row)} yet: ${(error as Error).message}; the next pass tries again`);
        }
      }
    }

    const dueUnpublish: Row[] = await strapi.db.query(uid).findMany({
      where: { publishedAt: { $notNull: true }, unpublishAt: { $lte: now } },
      select: ['id', 'documentId', 'locale', 'title', 'unpublishAt'],
    });
    for (const row of dueUnpublish) {
      if (!(await claim(row, 'unpublishAt'))) continue;
      // The draft keeps no past unpublishAt that a later publish would carry back.
      await strapi.db.query(uid).updateMany({
        where: { documentId: row.documentId, publishedAt: null, ...(row.locale ? { locale: row.locale } : {}) },
        data: { unpublishAt: null },
      });
      try {
        await documents.unpublish({ documentId: row.documentId, locale: row.locale ?? undefined });
        outcome.unpublished += 1;
        strapi.log.info(`[schedule] unpublished ${label(row)}`);
      } catch (error) {
        outcome.failed += 1;
        await strapi.db.query(uid).updateMany({ where: { id: row.id }, data: { unpublishAt: row.unpublishAt } }).catch(() => undefined);
        strapi.log.warn(`[schedule] could not unpublish ${label(row)} yet: ${(error as Error).message}; the next pass tries again`);
      }
    }
  }
  return outcome;
}
