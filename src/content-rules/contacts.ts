import type { Core } from '@strapi/strapi';
import { fieldError } from './drafts';
import { messagesForRequest } from './editor-messages';
import { CONTACT } from '../content-types';

/**
 * The rows of contacts the public may see (every public channel filters by it: the content API's
 * queries and populated relations, the feeds, pageMetadata, journalist pages). It is the editor's
 * choice per locale; the rule below and the daily review keep it from being true without a
 * lawful basis and a review date that has not passed.
 */
export const PUBLIC_CONTACT = { showPublicly: true } as const;

const TIME_ZONE = 'Europe/Copenhagen';

/** Today's date in Copenhagen, as date fields store it (YYYY-MM-DD). */
export function copenhagenToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

type Row = { locale?: string | null; showPublicly?: boolean | number | null; lawfulBasis?: string | null; reviewDate?: string | Date | null };
const FIELDS = ['showPublicly', 'lawfulBasis', 'reviewDate'] as const;
const asDay = (value: string | Date) => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10));

/**
 * A contact is shown publicly (`showPublicly`, per locale) only with a lawful basis and a review
 * date that has not passed (both shared by every locale). Checked when a write touches one of the
 * three, against every locale version the write leaves shown: a write that would leave one shown
 * without them is refused, naming the field. Other writes (a new phone number) are not held up by
 * a review date that passed since: the daily review hides such contacts.
 */
export async function checkContactVisibility(strapi: Core.Strapi, action: string, params: { documentId?: string; locale?: string; data?: Record<string, unknown> }): Promise<void> {
  const data = params.data;
  if (!data || !FIELDS.some((field) => field in data)) return;
  const stored: Row[] = action === 'update' && params.documentId ? await strapi.db.query(CONTACT).findMany({ where: { documentId: params.documentId }, select: ['locale', ...FIELDS] }) : [];
  const locale = params.locale ?? null;
  const own = stored.find((row) => row.locale === locale) ?? {};
  const shared = {
    lawfulBasis: ('lawfulBasis' in data ? data.lawfulBasis : own.lawfulBasis) as string | null | undefined,
    reviewDate: ('reviewDate' in data ? data.reviewDate : own.reviewDate) as string | Date | null | undefined,
  };
  const shownHere = Boolean('showPublicly' in data ? data.showPublicly : own.showPublicly);
  const shownElsewhere = ('lawfulBasis' in data || 'reviewDate' in data) && stored.some((row) => row.locale !== locale && Boolean(row.showPublicly));
  if (!shownHere && !shownElsewhere) return;
  const m = messagesForRequest(strapi);
  if (!shared.lawfulBasis) throw fieldError('lawfulBasis', m.contactNeedsBasis(m.label(CONTACT, 'lawfulBasis')));
  if (!shared.reviewDate) throw fieldError('reviewDate', m.contactNeedsReviewDate(m.label(CONTACT, 'reviewDate')));
  const day = asDay(shared.reviewDate);
  if (day < copenhagenToday()) throw fieldError('reviewDate', m.contactReviewPassed(m.label(CONTACT, 'reviewDate'), m.day(day)));
}

export type HiddenContact = { documentId: string; locale: string | null; name: string; reviewDate: string };

/**
 * The daily review: every locale version still shown whose review date has passed (in Copenhagen)
 * is hidden, through the Document Service (so caches, search and change events follow), and
 * listed in the log. Editors find them on the admin's home page ("Kontaktpersoner til
 * gennemgang") until they set a new date. Another instance running the same pass at the same
 * moment changes nothing more.
 */
export async function hideContactsPastReview(strapi: Core.Strapi, now = new Date()): Promise<HiddenContact[]> {
  const today = copenhagenToday(now);
  const due: Array<{ documentId: string; locale: string | null; name: string; reviewDate: string | Date }> = await strapi.db.query(CONTACT).findMany({
    where: { ...PUBLIC_CONTACT, reviewDate: { $lt: today } },
    select: ['documentId', 'locale', 'name', 'reviewDate'],
  });
  const hidden: HiddenContact[] = [];
  for (const row of due) {
    await strapi.documents(CONTACT).update({ documentId: row.documentId, locale: row.locale ?? undefined, data: { showPublicly: false } } as never);
    hidden.push({ documentId: row.documentId, locale: row.locale, name: row.name, reviewDate: asDay(row.reviewDate) });
    strapi.log.info(`[contacts] hid ${row.name} (${row.documentId}, ${row.locale}): the review date ${asDay(row.reviewDate)} has passed`);
  }
  return hidden;
}
