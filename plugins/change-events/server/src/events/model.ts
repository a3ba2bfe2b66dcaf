/**
 * What a change of a document means to the public: a pure model, tested on its own.
 *
 * The Document Service action is read together with the document's published versions before
 * and after it (in the action's transaction). Only published versions count: a draft saved,
 * discarded or created is not an event, and no draft content is ever in one.
 */
export const EVENT_TYPES = ['document.published', 'document.updated', 'document.unpublished', 'document.deleted'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** One published version of a document (one locale's), as read before or after an action. */
export type PublishedVersion = {
  id: number | string;
  /** null for a content type without i18n. */
  locale: string | null;
  updatedAt: string | number | Date | null;
  slug: string | null;
};

/** What happened to one locale: its slug now (null when it is no longer public) and before (null when it was not public). */
export type LocaleChange = { locale: string | null; slug: string | null; previousSlug: string | null };

export type Change = { type: EventType; locales: LocaleChange[] };

const time = (value: PublishedVersion['updatedAt']) => (value === null ? null : new Date(value).getTime());

/**
 * The event of one action, or null when the public sees no difference.
 *
 * - Versions gone (a locale unpublished or deleted): `document.unpublished`, or
 *   `document.deleted` for a delete.
 * - Versions new (a locale published for the first time, a document created in a type without
 *   drafts): `document.published`, listing the changed locales too.
 * - Versions replaced or rewritten only (a publish of changes, an update of a type without
 *   drafts, fields shared by every locale copied to the others): `document.updated`.
 */
export function changeOf(action: string, before: PublishedVersion[], after: PublishedVersion[]): Change | null {
  const key = (version: PublishedVersion) => version.locale ?? '';
  const was = new Map(before.map((version) => [key(version), version]));
  const now = new Map(after.map((version) => [key(version), version]));
  const gone = before.filter((version) => !now.has(key(version)));
  if (gone.length > 0) {
    return {
      type: action === 'delete' ? 'document.deleted' : 'document.unpublished',
      locales: gone.map((version) => ({ locale: version.locale, slug: null, previousSlug: version.slug })),
    };
  }
  const added = after.filter((version) => !was.has(key(version)));
  const changed = after.filter((version) => {
    const previous = was.get(key(version));
    return previous !== undefined && (String(previous.id) !== String(version.id) || time(previous.updatedAt) !== time(version.updatedAt) || previous.slug !== version.slug);
  });
  if (added.length === 0 && changed.length === 0) return null;
  const locales = [...added, ...changed].map((version) => ({ locale: version.locale, slug: version.slug, previousSlug: was.get(key(version))?.slug ?? null }));
  locales.sort((a, b) => (a.locale ?? '').localeCompare(b.locale ?? ''));
  return { type: added.length > 0 ? 'document.published' : 'document.updated', locales };
}

/** The content type of an event, as web teams name it. */
export type EventContentType = { uid: string; graphqlType: string | null };

/** The body of one event: the Standard Webhooks payload shape (`type`, `timestamp`, `data`). */
export type EventPayload = {
  type: EventType;
  timestamp: string;
  data: {
    contentType: EventContentType;
    documentId: string;
    locales: LocaleChange[];
    /** The cache tags of the document (its type, itself, its current and previous slugs): what a CDN or a site revalidates. */
    tags: string[];
  };
};

export function eventPayload(change: Change, contentType: EventContentType, documentId: string, tags: string[], at: Date): EventPayload {
  return { type: change.type, timestamp: at.toISOString(), data: { contentType, documentId, locales: change.locales, tags } };
}
