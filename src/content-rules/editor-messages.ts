import type { Core } from '@strapi/strapi';
import { fieldLabel, type EditorLanguage } from '../content-labels';

/**
 * The messages this project's server code gives people who save and publish content, in the
 * editor's language, with times in Copenhagen's time written as that language writes them and
 * every field named by its label (src/content-labels.ts), never by its attribute name. The
 * `details.errors[].path` of an error stays the attribute path: the admin marks the field by it.
 *
 * Who gets which language (`messageLanguage`):
 * - an admin user (the Content Manager): the interface language they picked (`preferedLanguage`),
 *   else the first of the supported languages in the request's Accept-Language, else Danish, the
 *   admin's default language;
 * - everybody else (REST and GraphQL clients with an API token or none, and the seed, scripts and
 *   the scheduler, which have no request at all): English. Their messages end up in integrations'
 *   and the server's logs, where one stable language is easier to search than one that follows a
 *   client's browser; an Accept-Language on a content API request is therefore not looked at.
 *
 * Adding a language: an object in MESSAGES below, and its labels in src/content-labels.ts.
 */

export const TIME_ZONE = 'Europe/Copenhagen';
/** The admin's default interface language, for admin users who have picked none. */
export const DEFAULT_EDITOR_LANGUAGE: EditorLanguage = 'da';
/** The language of messages to callers that are not admin users. */
export const NON_EDITOR_LANGUAGE: EditorLanguage = 'en';

/** The fields with a time a press release or page can be given; each has its own advice when the time has passed. */
export type TimeField = 'publishAt' | 'unpublishAt' | 'releaseDate';

type Catalogue = {
  /** A time (a Date) in Copenhagen, minutes shown. */
  time(value: Date): string;
  /** A calendar day (`YYYY-MM-DD`), as the date fields store it. */
  day(value: string): string;
  embargoed(label: string, until: string, publishAtLabel: string): string;
  pastTime(label: string, time: string, field: TimeField): string;
  unpublishNotAfterPublish(label: string, time: string, publishAtLabel: string, publishAt: string): string;
  endBeforeStart(label: string, end: string, startLabel: string, start: string): string;
  imageWithoutAltText(label: string, fileName: string): string;
  noPressContact(label: string): string;
  /** A contact shown publicly needs a lawful basis and a review date that has not passed. */
  contactNeedsBasis(label: string): string;
  contactNeedsReviewDate(label: string): string;
  contactReviewPassed(label: string, day: string): string;
  mediaWithoutCredit(label: string, fileName: string, missing: string[]): string;
  problemsPreventPublishing(count: number): string;
  phoneCharacters(label: string, input: string): string;
  phoneNotANumber(label: string, input: string): string;
  bodyNotAnObject(): string;
};

/** Intl's parts of a time in Copenhagen, so that each language can put them together as it writes them. */
function timeParts(value: Date, locale: string): Record<string, string> {
  const parts = new Intl.DateTimeFormat(locale, {
    timeZone: TIME_ZONE,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(value);
  return Object.fromEntries(parts.map((part) => [part.type, part.value]));
}

/** Intl's parts of a calendar day (no time zone: the day is the day as stored). */
function dayParts(value: string, locale: string): Record<string, string> {
  const date = new Date(`${value.slice(0, 10)}T00:00:00.000Z`);
  if (Number.isNaN(date.getTime())) return { day: value, month: '', year: '' };
  const parts = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).formatToParts(date);
  return Object.fromEntries(parts.map((part) => [part.type, part.value]));
}

const MESSAGES: Record<EditorLanguage, Catalogue> = {
  da: {
    // `3. december 2026 kl. 23.00`: built from the parts, as ICU versions differ in the literals.
    time: (value) => {
      const p = timeParts(value, 'da-DK');
      return `${p.day}. ${p.month} ${p.year} kl. ${p.hour}.${p.minute}`;
    },
    day: (value) => {
      const p = dayParts(value, 'da-DK');
      return p.month ? `${p.day}. ${p.month} ${p.year}` : p.day;
    },
    embargoed: (label, until, publishAt) =>
      `${label}: pressemeddelelsen er under embargo til ${until}. Planlæg udgivelsen med »${publishAt}«, eller flyt »${label}« til nu for at udgive den med det samme.`,
    pastTime: (label, time, field) =>
      `${label}: ${time} er allerede passeret. ` +
      {
        publishAt: 'Vælg et senere tidspunkt, eller ryd feltet og udgiv med det samme.',
        unpublishAt: 'Vælg et senere tidspunkt, eller ryd feltet.',
        releaseDate: 'Vælg nu eller et senere tidspunkt; er tidspunktet nu, kan pressemeddelelsen udgives med det samme.',
      }[field],
    unpublishNotAfterPublish: (label, time, publishAtLabel, publishAt) => `${label}: ${time} skal ligge efter »${publishAtLabel}« (${publishAt}). Vælg et senere tidspunkt, eller ryd feltet.`,
    endBeforeStart: (label, end, startLabel, start) => `${label}: ${end} ligger før »${startLabel}« (${start}). Et partnerskab kan ikke slutte, før det er begyndt.`,
    imageWithoutAltText: (label, fileName) => `${label}: billedet »${fileName}« har ingen alternativ tekst. Tilføj den i mediebiblioteket, før du udgiver.`,
    noPressContact: (label) => `${label}: en pressemeddelelse skal have mindst én pressekontakt, der vises offentligt og har e-mail eller telefon, før den kan udgives.`,
    contactNeedsBasis: (label) => `${label}: vælg et behandlingsgrundlag, før personen vises offentligt.`,
    contactNeedsReviewDate: (label) => `${label}: sæt en dato for, hvornår oplysningerne senest skal gennemgås, før personen vises offentligt.`,
    contactReviewPassed: (label, day) => `${label}: ${day} er passeret. Gennemgå oplysningerne og sæt en ny dato, før personen vises offentligt.`,
    mediaWithoutCredit: (label, fileName, missing) => `${label}: billedet »${fileName}« mangler ${missing.join(' og ')}. Medierne skal vide, hvem de krediterer, og hvordan de må bruge det.`,
    problemsPreventPublishing: (count) => `${count} problemer forhindrer udgivelsen`,
    phoneCharacters: (label, input) => `${label}: »${input}« må kun indeholde cifre, mellemrum og tegnene + - ( )`,
    phoneNotANumber: (label, input) => `${label}: »${input}« er hverken et dansk nummer (8 cifre) eller et udenlandsk nummer, der begynder med +`,
    bodyNotAnObject: () => 'Forespørgslens indhold skal være et JSON-objekt med dokumentets felter',
  },
  en: {
    // `3 December 2026, 23:00`
    time: (value) => {
      const p = timeParts(value, 'en-GB');
      return `${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}`;
    },
    day: (value) => {
      const p = dayParts(value, 'en-GB');
      return p.month ? `${p.day} ${p.month} ${p.year}` : p.day;
    },
    embargoed: (label, until, publishAt) => `${label}: this press release is embargoed until ${until}. Schedule it with "${publishAt}", or move "${label}" to now to publish it at once.`,
    pastTime: (label, time, field) =>
      `${label}: ${time} has already passed. ` +
      {
        publishAt: 'Choose a later time, or clear the field and publish now.',
        unpublishAt: 'Choose a later time, or clear the field.',
        releaseDate: 'Choose now or a later time; set to now, the press release can be published at once.',
      }[field],
    unpublishNotAfterPublish: (label, time, publishAtLabel, publishAt) => `${label}: ${time} must be after "${publishAtLabel}" (${publishAt}). Choose a later time, or clear the field.`,
    endBeforeStart: (label, end, startLabel, start) => `${label}: ${end} is before "${startLabel}" (${start}). A partnership cannot end before it starts.`,
    imageWithoutAltText: (label, fileName) => `${label}: the image "${fileName}" has no alternative text. Add it in the media library before publishing.`,
    noPressContact: (label) => `${label}: a press release needs at least one press contact who is shown publicly and has an email or phone before it is published.`,
    contactNeedsBasis: (label) => `${label}: choose a lawful basis before the person is shown publicly.`,
    contactNeedsReviewDate: (label) => `${label}: set the date by which the details must be reviewed before the person is shown publicly.`,
    contactReviewPassed: (label, day) => `${label}: ${day} has passed. Review the details and set a new date before the person is shown publicly.`,
    mediaWithoutCredit: (label, fileName, missing) => `${label}: the image "${fileName}" has no ${missing.join(' and no ')}. The media must know whom to credit and how they may use it.`,
    problemsPreventPublishing: (count) => `${count} problems prevent publishing`,
    phoneCharacters: (label, input) => `${label}: "${input}" may contain only digits, spaces, "+", "-", "(" and ")"`,
    phoneNotANumber: (label, input) => `${label}: "${input}" is neither a Danish number (8 digits) nor an international number starting with +`,
    bodyNotAnObject: () => "The request body must be a JSON object of the document's fields",
  },
};

export const EDITOR_LANGUAGES = Object.keys(MESSAGES) as EditorLanguage[];

const supported = (tag: unknown): EditorLanguage | null => {
  if (typeof tag !== 'string') return null;
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return (EDITOR_LANGUAGES as string[]).includes(primary) ? (primary as EditorLanguage) : null;
};

/**
 * The first supported language an Accept-Language header asks for, by weight and then by order
 * (`en-GB,en;q=0.9,da;q=0.8` → en); a language given `q=0` is not wanted.
 */
export function acceptedLanguage(header: string | undefined | null): EditorLanguage | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .map((entry, index) => {
      const [tag, ...params] = entry.split(';');
      const q = params.map((param) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(param)?.[1]).find(Boolean);
      return { language: supported(tag), weight: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.language && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  return ranked[0]?.language ?? null;
}

type AdminUser = { preferedLanguage?: string | null } | null | undefined;

/** An admin user's language: the interface language they picked, else Accept-Language, else Danish. */
export function adminLanguage(user: AdminUser, acceptLanguage?: string | null): EditorLanguage {
  return supported(user?.preferedLanguage) ?? acceptedLanguage(acceptLanguage) ?? DEFAULT_EDITOR_LANGUAGE;
}

/** What this module reads of a Koa context. */
export type RequestLike = {
  state?: { user?: AdminUser; auth?: { strategy?: { name?: string } } };
  get?: (header: string) => string;
  headers?: Record<string, string | string[] | undefined>;
  request?: { path?: string };
};

const acceptLanguageOf = (ctx: RequestLike): string | undefined => {
  const header = ctx.get ? ctx.get('accept-language') : ctx.headers?.['accept-language'];
  return Array.isArray(header) ? header.join(',') : header || undefined;
};

/** The admin user a request was authenticated as, or null (an API token, users-permissions, nobody). */
export function adminUserOf(ctx: RequestLike | undefined | null): AdminUser | null {
  return ctx?.state?.auth?.strategy?.name === 'admin' ? (ctx.state.user ?? null) : null;
}

/** The request being handled, if any (the Document Service is also called by the seed, scripts and the scheduler). */
export function currentRequest(strapi: Core.Strapi): RequestLike | undefined {
  return strapi.requestContext.get() as RequestLike | undefined;
}

/** The language of messages for a request (see the top of this file); `user` for a route that authenticates it itself. */
export function messageLanguage(ctx: RequestLike | undefined | null, user?: AdminUser): EditorLanguage {
  if (!ctx) return NON_EDITOR_LANGUAGE;
  const admin = user ?? adminUserOf(ctx);
  return admin ? adminLanguage(admin, acceptLanguageOf(ctx)) : NON_EDITOR_LANGUAGE;
}

/** The message catalogue of a language, with the helpers that name fields and times in it. */
export function editorMessages(language: EditorLanguage) {
  const catalogue = MESSAGES[language];
  return {
    language,
    ...catalogue,
    /** A field's label (`releaseDate` → `Embargo til` / `Embargoed until`). */
    label: (uid: string, field: string) => fieldLabel(uid, field, language),
    /** A time given as stored or sent (ISO string, Date), in Copenhagen. */
    at: (value: string | Date) => catalogue.time(value instanceof Date ? value : new Date(value)),
  };
}

export type EditorMessages = ReturnType<typeof editorMessages>;

/** The messages for the request being handled (English without one). */
export function messagesForRequest(strapi: Core.Strapi): EditorMessages {
  return editorMessages(messageLanguage(currentRequest(strapi)));
}
