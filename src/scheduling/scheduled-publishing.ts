import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { fieldError, storedDraft } from '../content-rules/drafts';
import { adminUserOf, currentRequest, editorMessages, messageLanguage, messagesForRequest, type TimeField } from '../content-rules/editor-messages';
import { isPageType, PAGE_TYPES, type PageType } from '../page-types';

/* Editors schedule the page types: publishAt / unpublishAt per locale. */

type Row = { id: number; documentId: string; locale: string | null; title?: string; publishAt?: When; unpublishAt?: When };
type When = string | Date | null | undefined;
type Publisher = { publish(params: object): Promise<unknown>; unpublish(params: object): Promise<unknown> };

const asDate = (value: When) => (value === null || value === undefined || value === '' ? null : new Date(value));

const PRESS_RELEASE = 'api::press-release.press-release';
const MINUTE = 60_000;
const startOfMinute = (time: number) => Math.floor(time / MINUTE) * MINUTE;

/** The times an editor gives a document, in the order they are checked. */
const timeFields = (uid: PageType): TimeField[] => (uid === PRESS_RELEASE ? ['releaseDate', 'publishAt', 'unpublishAt'] : ['publishAt', 'unpublishAt']);

/**
 * Refuses, at a save (create or update), a time that cannot work. Only a time that the save sets
 * or changes is judged, compared with the stored draft of that locale: an unchanged time that has
 * passed (a publishAt or unpublishAt the scheduler is about to act on, a press release's release
 * date) never blocks saving the other fields.
 *
 * - `unpublishAt` at or before now: refused for every caller (as it always was); unpublishing now
 *   is the Unpublish button's job, not a schedule's.
 * - `publishAt` and (press releases) `releaseDate` before the current minute: refused on an
 *   editor's save in the admin (a request authenticated as an admin user). The admin's picker
 *   shows and takes minutes, so a time in the current minute is "now", not past: a publishAt now
 *   is published at the scheduler's next pass, a release date now lifts the embargo. There is no
 *   grace beyond that: a time in the previous minute has passed. Without an admin user (the demo
 *   seed and scripts, which load historical press releases through the Document Service without a
 *   request; REST and GraphQL clients with an API token, such as an import) a past release date is
 *   history, not a mistake, and a past publishAt means "at the next pass"; neither is refused.
 * - `unpublishAt` not after `publishAt` (the stored draft's value counts when the save changes
 *   only one of them): refused for every caller.
 */
async function checkSchedule(strapi: Core.Strapi, uid: PageType, params: { documentId?: string; locale?: string; data?: Record<string, unknown> }) {
  const data = params.data;
  const fields = timeFields(uid);
  if (!data || !fields.some((field) => field in data)) return;
  const stored: Partial<Record<TimeField, When>> = (await storedDraft(strapi, uid, params.documentId, fields, params.locale)) ?? {};
  // A field that is not localized (a press release's releaseDate) is shared by every locale: a new
  // locale version, whose form the admin fills with the other locales' value, does not change it.
  const attributes = strapi.contentType(uid).attributes as Record<string, { pluginOptions?: { i18n?: { localized?: boolean } } }>;
  const shared = fields.filter((field) => attributes[field]?.pluginOptions?.i18n?.localized === false);
  if (shared.some((field) => field in data && !(field in stored))) {
    Object.assign(stored, (await storedDraft(strapi, uid, params.documentId, shared)) ?? {});
  }
  const ctx = currentRequest(strapi);
  // Restoring a version from the content history writes that version's times back as they were;
  // the editor has no field to change them there, so a time that has passed does not block it.
  const restoring = /\/history-versions\/[^/]+\/restore\/?$/.test(ctx?.request?.path ?? '');
  const editor = adminUserOf(ctx) !== null && !restoring;
  const m = editorMessages(messageLanguage(ctx));
  const now = Date.now();
  for (const field of fields) {
    if (!(field in data)) continue;
    const value = asDate(data[field] as When);
    if (!value || value.getTime() === asDate(stored[field])?.getTime()) continue; // cleared or unchanged
    const past = field === 'unpublishAt' ? !restoring && value.getTime() <= now : editor && value.getTime() < startOfMinute(now);
    if (past) throw fieldError(field, m.pastTime(m.label(uid, field), m.at(value), field));
  }
  const publishAt = asDate('publishAt' in data ? (data.publishAt as When) : stored.publishAt);
  const unpublishAt = asDate('unpublishAt' in data ? (data.unpublishAt as When) : stored.unpublishAt);
  if (publishAt && unpublishAt && unpublishAt.getTime() <= publishAt.getTime()) {
    throw fieldError('unpublishAt', m.unpublishNotAfterPublish(m.label(uid, 'unpublishAt'), m.at(unpublishAt), m.label(uid, 'publishAt'), m.at(publishAt)));
  }
}

/**
 * The embargo: a press release is not published before its release date. The admin's picker
 * takes minutes, so the embargo ends when the release date's minute begins (a release date of
 * 23:00 picked at 22:59:41 is stored as 23:00:41; publishing at 23:00:10 is allowed).
 */
async function checkEmbargo(strapi: Core.Strapi, params: { documentId?: string; locale?: string | string[] }) {
  if (!params.documentId) return;
  const locales = Array.isArray(params.locale) || params.locale === '*' ? {} : params.locale ? { locale: params.locale } : {};
  const drafts: Array<{ releaseDate?: When; locale?: string }> = await strapi.db.query(PRESS_RELEASE).findMany({
    where: { documentId: params.documentId, publishedAt: null, ...locales },
    select: ['releaseDate', 'locale'],
  });
  for (const draft of drafts) {
    const releaseDate = asDate(draft.releaseDate);
    if (releaseDate && startOfMinute(releaseDate.getTime()) > Date.now()) {
      const m = messagesForRequest(strapi);
      throw fieldError('releaseDate', m.embargoed(m.label(PRESS_RELEASE, 'releaseDate'), m.at(releaseDate), m.label(PRESS_RELEASE, 'publishAt')));
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
    if (context.uid === PRESS_RELEASE) await checkEmbargo(strapi, params);
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
          await strapi.db
            .query(uid)
            .updateMany({ where: { id: row.id, publishedAt: null }, data: { publishAt: row.publishAt } })
            .catch(() => undefined);
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
        await strapi.db
          .query(uid)
          .updateMany({ where: { id: row.id }, data: { unpublishAt: row.unpublishAt } })
          .catch(() => undefined);
        strapi.log.warn(`[schedule] could not unpublish ${label(row)} yet: ${(error as Error).message}; the next pass tries again`);
      }
    }
  }
  return outcome;
}
