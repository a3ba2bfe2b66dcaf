import type { Core, UID } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { isPageType, PAGE_TYPES } from '../page-types';
import { messagesForRequest, type EditorMessages } from './editor-messages';
import { PUBLIC_CONTACT } from './contacts';
import { PRESS_RELEASE } from '../content-types';

/* The page types are checked at publish time: alt text on images, a press contact, credit and licence of a media kit's images. */

type Attribute = { type: string; component?: string; repeatable?: boolean };
type File = { name?: string; mime?: string; alternativeText?: string | null };
type Problem = { path: string[]; message: string; name: 'ValidationError' };

const asList = <T>(value: T | T[] | null | undefined): T[] => (Array.isArray(value) ? value : value ? [value] : []);

/** The media fields of a type, directly or in one level of components: [path, populate]. */
function mediaFields(strapi: Core.Strapi, uid: string): { paths: string[][]; populate: Record<string, unknown> } {
  const paths: string[][] = [];
  const populate: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(strapi.getModel(uid as UID.Schema).attributes as Record<string, Attribute>)) {
    if (attribute.type === 'media') {
      paths.push([name]);
      populate[name] = true;
    } else if (attribute.type === 'component' && attribute.component) {
      const inner = Object.entries(strapi.getModel(attribute.component as UID.Component).attributes as Record<string, Attribute>).filter(([, a]) => a.type === 'media');
      if (inner.length === 0) continue;
      inner.forEach(([innerName]) => paths.push([name, innerName]));
      populate[name] = { populate: Object.fromEntries(inner.map(([innerName]) => [innerName, true])) };
    }
  }
  return { paths, populate };
}

/**
 * A media field's label, inside its component when it is in one (`Søgemaskiner og deling ›
 * Delingsbillede`), with the item's number for a repeatable component.
 */
function mediaLabel(strapi: Core.Strapi, uid: string, field: string, inner: string | undefined, index: number | null, m: EditorMessages): string {
  const outer = m.label(uid, field);
  if (!inner) return outer;
  const component = (strapi.getModel(uid as UID.Schema).attributes as Record<string, Attribute>)[field]?.component ?? '';
  return `${outer}${index === null ? '' : ` ${index + 1}`} › ${m.label(component, inner)}`;
}

/** Images without alternative text, each at its field's path (`gallery`, `seo.shareImage`, …) and named by its label. */
function imagesWithoutAltText(strapi: Core.Strapi, uid: string, document: Record<string, unknown>, paths: string[][], m: EditorMessages): Problem[] {
  const problems: Problem[] = [];
  for (const [field, inner] of paths) {
    const holders = inner ? asList(document[field] as Record<string, unknown> | Record<string, unknown>[]) : [document];
    holders.forEach((holder, index) => {
      for (const file of asList(holder[inner ?? field] as File | File[])) {
        if (!file.mime?.startsWith('image/') || (file.alternativeText ?? '').trim() !== '') continue;
        const repeatable = inner !== undefined && Array.isArray(document[field]);
        const path = inner ? [field, ...(repeatable ? [String(index)] : []), inner] : [field];
        const label = mediaLabel(strapi, uid, field, inner, repeatable ? index : null, m);
        problems.push({ path, name: 'ValidationError', message: m.imageWithoutAltText(label, String(file.name ?? '')) });
      }
    });
  }
  return problems;
}

type MediaItem = { file?: File | null; credit?: string | null; licence?: string | null };

/** Images of a press release's media kit without a credit or a licence: journalists may not use them. */
function mediaKitWithoutCredit(strapi: Core.Strapi, uid: string, document: Record<string, unknown>, m: EditorMessages): Problem[] {
  return asList(document.mediaKit as MediaItem[]).flatMap((item, index) => {
    if (!item.file?.mime?.startsWith('image/')) return [];
    const missing = [...(!(item.credit ?? '').trim() ? ['credit'] : []), ...(!item.licence ? ['licence'] : [])];
    if (missing.length === 0) return [];
    const label = `${m.label(uid, 'mediaKit')} ${index + 1}`;
    return [
      {
        path: ['mediaKit', String(index), missing[0]],
        name: 'ValidationError' as const,
        message: m.mediaWithoutCredit(
          label,
          String(item.file.name ?? ''),
          missing.map((field) => m.label('press.media-item', field).toLowerCase())
        ),
      },
    ];
  });
}

/**
 * Checks made when a case story, partnership or press release is published, so that what
 * readers get is accessible and complete: every image has alternative text (Strapi's media
 * library keeps one per file, for every locale), and a press release names at least one press
 * contact who is shown publicly (in the release's locale) and has an email or phone. A failed check refuses the publication with a message naming
 * the field by its label in the editor's language (src/content-rules/editor-messages.ts); the
 * draft stays as it was. Length limits are the schemas' own (`maxLength`).
 */
export function registerPublishChecks(strapi: Core.Strapi): void {
  const media = new Map(PAGE_TYPES.map((uid) => [uid, mediaFields(strapi, uid)]));
  strapi.documents.use(async (context, next) => {
    const checked = isPageType(context.uid) ? media.get(context.uid) : undefined;
    if (context.action !== 'publish' || !checked) return next();
    const params = context.params as { documentId?: string; locale?: string | string[] };
    if (!params.documentId) return next();
    const isPressRelease = context.uid === PRESS_RELEASE;
    // (The media kit's files are in `checked.populate`, as media in a component.)
    const populate = { ...checked.populate, ...(isPressRelease ? { contacts: { fields: ['name', 'email', 'phone'], filters: PUBLIC_CONTACT } } : {}) };
    const drafts = (await strapi.documents(context.uid as UID.ContentType).findMany({
      filters: { documentId: params.documentId },
      locale: Array.isArray(params.locale) || params.locale === '*' ? '*' : params.locale,
      status: 'draft',
      populate,
    } as never)) as unknown as Array<Record<string, unknown>>;
    const wanted = Array.isArray(params.locale) ? new Set(params.locale) : null;
    const m = messagesForRequest(strapi);
    const problems: Problem[] = [];
    for (const draft of drafts) {
      if (wanted && !wanted.has(String(draft.locale))) continue;
      problems.push(...imagesWithoutAltText(strapi, context.uid, draft, checked.paths, m));
      if (isPressRelease) {
        problems.push(...mediaKitWithoutCredit(strapi, context.uid, draft, m));
        const contacts = asList(draft.contacts as Array<{ email?: string | null; phone?: string | null }>);
        if (!contacts.some((contact) => (contact.email ?? '').trim() || (contact.phone ?? '').trim())) {
          problems.push({ path: ['contacts'], name: 'ValidationError', message: m.noPressContact(m.label(context.uid, 'contacts')) });
        }
      }
    }
    if (problems.length > 0) {
      throw new errors.ValidationError(problems.length === 1 ? problems[0].message : m.problemsPreventPublishing(problems.length), { errors: problems });
    }
    return next();
  });
}
