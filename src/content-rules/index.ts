import type { Core, UID } from '@strapi/strapi';
import { fieldError, storedDraft } from './drafts';
import { messagesForRequest } from './editor-messages';
import { normalizePhone } from './phone';
import { deriveSlugs } from './slugs';
import { registerPublishChecks } from './publish-checks';
import { checkContactVisibility } from './contacts';
import { CONTACT, PARTNERSHIP } from '../content-types';

const WRITE_ACTIONS = new Set(['create', 'update']);

type Dates = { startDate?: string | Date | null; endDate?: string | Date | null };

const asDay = (value: string | Date): string => (value instanceof Date ? value.toISOString().slice(0, 10) : String(value));

/** endDate ≥ startDate, comparing against the stored draft when an update changes only one of them. */
async function checkPartnershipDates(strapi: Core.Strapi, params: { documentId?: string; data?: Dates }) {
  const data = params.data;
  if (!data || (!('startDate' in data) && !('endDate' in data))) return;
  const stored: Dates = 'startDate' in data && 'endDate' in data ? {} : ((await storedDraft(strapi, PARTNERSHIP, params.documentId, ['startDate', 'endDate'])) ?? {});
  const start = 'startDate' in data ? data.startDate : stored.startDate;
  const end = 'endDate' in data ? data.endDate : stored.endDate;
  if (start && end && asDay(end) < asDay(start)) {
    const m = messagesForRequest(strapi);
    const uid = PARTNERSHIP;
    throw fieldError('endDate', m.endBeforeStart(m.label(uid, 'endDate'), m.day(asDay(end)), m.label(uid, 'startDate'), m.day(asDay(start))));
  }
}

/**
 * Rules the schemas cannot express, applied through the Document Service so they hold for the
 * admin, the API, the seed and scripts alike. Their messages are in the editor's language
 * (src/content-rules/editor-messages.ts).
 */
export function registerContentRules(strapi: Core.Strapi): void {
  registerPublishChecks(strapi);
  strapi.documents.use(async (context, next) => {
    if (!WRITE_ACTIONS.has(context.action)) return next();
    const params = context.params as { documentId?: string; locale?: string; data?: Record<string, unknown> };
    if (context.uid.startsWith('api::')) await deriveSlugs(strapi, context.uid as UID.ContentType, context.action, params);
    if (context.uid === PARTNERSHIP) {
      await checkPartnershipDates(strapi, params as { documentId?: string; data?: Dates });
    }
    if (context.uid === CONTACT) await checkContactVisibility(strapi, context.action, params);
    if (context.uid === CONTACT && typeof params.data?.phone === 'string') {
      const result = normalizePhone(params.data.phone);
      if ('error' in result) {
        const m = messagesForRequest(strapi);
        const label = m.label(context.uid, 'phone');
        throw fieldError('phone', result.error === 'characters' ? m.phoneCharacters(label, params.data.phone) : m.phoneNotANumber(label, params.data.phone));
      }
      params.data.phone = result.value;
    }
    return next();
  });
}
