import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { RequestLike, SchedulingConfig } from './config';

type When = string | Date | null | undefined;
type Params = { documentId?: string; locale?: string | string[]; data?: Record<string, unknown> };

export const asDate = (value: When) => (value === null || value === undefined || value === '' ? null : new Date(value));

const MINUTE = 60_000;
export const startOfMinute = (time: number) => Math.floor(time / MINUTE) * MINUTE;

/** A validation error naming one field, as the admin shows it beside that field. */
export function fieldError(path: string, message: string): errors.ValidationError {
  return new errors.ValidationError(message, { errors: [{ path: [path], message, name: 'ValidationError' }] });
}

/** The times an editor gives a document of `uid`, in the order they are checked: its embargo date first. */
export const timeFields = (config: SchedulingConfig, uid: string): string[] => [...(config.embargo[uid] ? [config.embargo[uid]] : []), config.publishAtField, config.unpublishAtField];

/** Whether the request is an editor's in the admin (a request authenticated as an admin user). */
const isAdminRequest = (request: RequestLike | undefined) => request?.state?.auth?.strategy?.name === 'admin' && Boolean(request.state.user);

/** The stored draft's `fields` (in `locale` when given), or null when there is none. */
async function storedDraft(strapi: Core.Strapi, uid: string, documentId: string | undefined, fields: string[], locale?: string): Promise<Record<string, When> | null> {
  if (!documentId) return null;
  return strapi.db.query(uid as never).findOne({ where: { documentId, publishedAt: null, ...(locale ? { locale } : {}) }, select: fields });
}

/**
 * Refuses, at a save (create or update), a time that cannot work. Only a time that the save sets
 * or changes is judged, compared with the stored draft of that locale: an unchanged time that has
 * passed (a publish time the scheduler is about to act on, an embargo date) never blocks saving
 * the other fields.
 *
 * - The unpublish time at or before now: refused for every caller; unpublishing now is the
 *   Unpublish button's job, not a schedule's.
 * - The publish time and the embargo date before the current minute: refused on an editor's save
 *   in the admin. The admin's picker shows and takes minutes, so a time in the current minute is
 *   "now", not past. Without an admin user (seeds and scripts through the Document Service, REST
 *   and GraphQL clients with an API token, such as an import) a past embargo date is history, not
 *   a mistake, and a past publish time means "at the next pass"; neither is refused.
 * - The unpublish time not after the publish time (the stored draft's value counts when the save
 *   changes only one of them): refused for every caller.
 */
export async function checkSchedule(strapi: Core.Strapi, config: SchedulingConfig, uid: string, params: Params, request: RequestLike | undefined): Promise<void> {
  const data = params.data;
  const fields = timeFields(config, uid);
  if (!data || !fields.some((field) => field in data)) return;
  const locale = typeof params.locale === 'string' ? params.locale : undefined;
  const stored: Record<string, When> = (await storedDraft(strapi, uid, params.documentId, fields, locale)) ?? {};
  // A field that is not localized (an embargo date shared by every locale) is shared by every
  // locale: a new locale version, whose form the admin fills with the other locales' value, does not change it.
  const attributes = strapi.contentType(uid as never).attributes as Record<string, { pluginOptions?: { i18n?: { localized?: boolean } } }>;
  const shared = fields.filter((field) => attributes[field]?.pluginOptions?.i18n?.localized === false);
  if (shared.some((field) => field in data && !(field in stored))) {
    Object.assign(stored, (await storedDraft(strapi, uid, params.documentId, shared)) ?? {});
  }
  // Restoring a version from the content history writes that version's times back as they were;
  // the editor has no field to change them there, so a time that has passed does not block it.
  const restoring = /\/history-versions\/[^/]+\/restore\/?$/.test(request?.request?.path ?? '');
  const editor = isAdminRequest(request) && !restoring;
  const messages = config.messages(request);
  const now = Date.now();
  for (const field of fields) {
    if (!(field in data)) continue;
    const value = asDate(data[field] as When);
    if (!value || value.getTime() === asDate(stored[field])?.getTime()) continue; // cleared or unchanged
    const past = field === config.unpublishAtField ? !restoring && value.getTime() <= now : editor && value.getTime() < startOfMinute(now);
    if (past) throw fieldError(field, messages.pastTime(uid, field, value));
  }
  const { publishAtField, unpublishAtField } = config;
  const publishAt = asDate(publishAtField in data ? (data[publishAtField] as When) : stored[publishAtField]);
  const unpublishAt = asDate(unpublishAtField in data ? (data[unpublishAtField] as When) : stored[unpublishAtField]);
  if (publishAt && unpublishAt && unpublishAt.getTime() <= publishAt.getTime()) {
    throw fieldError(unpublishAtField, messages.unpublishNotAfterPublish(uid, unpublishAt, publishAt, { unpublishAt: unpublishAtField, publishAt: publishAtField }));
  }
}

/**
 * The embargo: a document is not published before its embargo date. The admin's picker takes
 * minutes, so the embargo ends when the date's minute begins (a release date of 23:00 picked at
 * 22:59:41 is stored as 23:00:41; publishing at 23:00:10 is allowed).
 */
export async function checkEmbargo(strapi: Core.Strapi, config: SchedulingConfig, uid: string, params: Params, request: RequestLike | undefined): Promise<void> {
  const field = config.embargo[uid];
  if (!field || !params.documentId) return;
  const locales = Array.isArray(params.locale) || params.locale === '*' ? {} : params.locale ? { locale: params.locale } : {};
  const drafts: Array<Record<string, When>> = await strapi.db.query(uid as never).findMany({
    where: { documentId: params.documentId, publishedAt: null, ...locales },
    select: [field, 'locale'],
  });
  for (const draft of drafts) {
    const until = asDate(draft[field]);
    if (until && startOfMinute(until.getTime()) > Date.now()) throw fieldError(field, config.messages(request).embargoed(uid, field, until, config.publishAtField));
  }
}

/** Clears the publish time of a document's locale once it is published, by any means. */
export async function clearPublishAt(strapi: Core.Strapi, config: SchedulingConfig, uid: string, documentId: string, locale?: string | string[]): Promise<void> {
  const inLocale = typeof locale === 'string' && locale !== '*' ? { locale } : {};
  await strapi.db.query(uid as never).updateMany({ where: { documentId, [config.publishAtField]: { $notNull: true }, ...inLocale }, data: { [config.publishAtField]: null } });
}

/**
 * The rules as a Document Service middleware: times checked at a save, the embargo at a publish,
 * and the publish time cleared once a publish made it moot. Registered in the plugin's register(),
 * so it runs around the app's own middlewares.
 */
/** The actions the rules judge: saves (times) and publishes (the embargo). */
const RULED_ACTIONS = new Set(['create', 'update', 'publish']);

export function registerScheduleRules(strapi: Core.Strapi, config: () => SchedulingConfig): void {
  strapi.documents.use(async (context, next) => {
    const settings = config();
    // Reads (the public API's hot path) and the other actions pass straight through.
    if (!RULED_ACTIONS.has(context.action) || !settings.contentTypes.includes(context.uid)) return next();
    const params = context.params as Params;
    const request = strapi.requestContext.get() as RequestLike | undefined;
    if (context.action !== 'publish') {
      await checkSchedule(strapi, settings, context.uid, params, request);
      return next();
    }
    await checkEmbargo(strapi, settings, context.uid, params, request);
    const result = await next();
    if (params.documentId) await clearPublishAt(strapi, settings, context.uid, params.documentId, params.locale);
    return result;
  });
}
