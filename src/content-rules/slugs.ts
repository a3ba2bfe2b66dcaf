import type { Core, UID } from '@strapi/strapi';

type Params = { documentId?: string; locale?: string | null; data?: Record<string, unknown> };
type UidAttribute = { type: string; targetField?: string };
type UidService = {
  generateUIDField(args: { contentTypeUID: string; field: string; data: Record<string, unknown>; locale?: string }): Promise<string>;
  findUniqueUID(args: { value: string }): Promise<string>;
};

const isBlank = (value: unknown) => value === null || value === undefined || (typeof value === 'string' && value.trim() === '');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `slug` is `base` or `base` made unique (`base-1`, `base-2`, …), as Strapi's uid service makes it. */
const isMadeFrom = (base: string, slug: unknown) => typeof slug === 'string' && base !== '' && new RegExp(`^${escape(base)}(-\\d+)?$`).test(slug);

/**
 * The slug Strapi's admin puts in a new form while its title is still empty: the type's name, made
 * unique (`case-story`, `case-story-1`, …). The admin does not redo it as the title is typed, so a
 * document saved with it would live at `/case-story-7`.
 */
const isAdminPlaceholder = (modelName: string, value: unknown) => isMadeFrom(modelName, value);

/**
 * Strapi's uid service (`plugin::content-manager.uid`), which the admin's "regenerate" button
 * calls: it slugifies with the attribute's options (æ → ae, ø → oe, å → aa, other scripts
 * transliterated) and keeps the slug unique in its locale by appending -1, -2, …
 */
const uidService = (strapi: Core.Strapi) => strapi.plugin('content-manager').service('uid') as UidService;

/** A unique slug for `title` in the locale. */
const slugFor = (strapi: Core.Strapi, uid: UID.ContentType, field: string, targetField: string, title: string, locale?: string | null) =>
  uidService(strapi).generateUIDField({ contentTypeUID: uid, field, data: { [targetField]: title }, locale: locale ?? undefined });

/** What `title` slugifies to, before it is made unique: the same service with the uniqueness step left out. */
async function baseSlugOf(strapi: Core.Strapi, uid: UID.ContentType, field: string, targetField: string, title: string): Promise<string> {
  const service = uidService(strapi);
  const plain = { findUniqueUID: async ({ value }: { value: string }) => value };
  return service.generateUIDField.call(plain, { contentTypeUID: uid, field, data: { [targetField]: title } });
}

/** The stored draft of the document's locale (slug and title) and whether that locale has a published version. */
async function storedVersion(strapi: Core.Strapi, uid: UID.ContentType, params: Params, fields: string[], draftAndPublish: boolean) {
  if (!params.documentId) return { draft: null, published: false };
  const where = { documentId: params.documentId, ...(params.locale ? { locale: params.locale } : {}) };
  // Without draft & publish a document has one version, always published.
  if (!draftAndPublish) return { draft: (await strapi.db.query(uid).findOne({ where, select: fields })) as Record<string, unknown> | null, published: true };
  const draft = (await strapi.db.query(uid).findOne({ where: { ...where, publishedAt: null }, select: fields })) as Record<string, unknown> | null;
  const published = draft ? (await strapi.db.query(uid).count({ where: { ...where, publishedAt: { $notNull: true } } })) > 0 : false;
  return { draft, published };
}

/**
 * Builds slugs from titles (each `uid` attribute from its `targetField`), for the admin, the API,
 * the seed and scripts alike, with Strapi's uid service (`slugFor`).
 *
 * - A new document, or a new locale version (an update of a locale that has no draft yet): an
 *   empty slug, or the admin's placeholder (`case-story`, `case-story-3`) when there is a title,
 *   is made from the title.
 * - A locale version that has never been published (of a draft & publish type: no published
 *   version of that locale exists): at every save the slug is made again from the title (sent, or
 *   stored) when it is empty, the admin's placeholder, or still what the previous title made
 *   (`previous-title`, `previous-title-2`: the editor has not changed it by hand, neither before
 *   nor in this save). A slug an editor wrote is kept. One already made from the current title is
 *   kept as it is (no `-1` for colliding with itself).
 * - Once the locale has a published version, and for types without draft & publish (whose saves
 *   are published at once), the slug is never changed automatically, so a page keeps its address
 *   when its title changes; clearing the slug asks for a new one from the title. Strapi keeps no
 *   record of earlier publications: a locale that was published and then unpublished counts as
 *   never published again until it is published anew.
 *
 * A title that is no text (an object, a list) is Strapi's validation's to refuse with a 400 (the
 * slug library would throw a TypeError, a 500); without a title the required check refuses the
 * publication.
 */
export async function deriveSlugs(strapi: Core.Strapi, uid: UID.ContentType, action: string, params: Params): Promise<void> {
  const data = params.data;
  if (!data) return;
  const contentType = strapi.contentType(uid) as { attributes: Record<string, UidAttribute>; modelName: string; options?: { draftAndPublish?: boolean } };
  const draftAndPublish = contentType.options?.draftAndPublish === true;
  for (const [field, attribute] of Object.entries(contentType.attributes)) {
    const targetField = attribute.targetField;
    if (attribute.type !== 'uid' || !targetField) continue;
    // An update creates the locale's version when it has none yet.
    const { draft: stored, published } = action === 'update' ? await storedVersion(strapi, uid, params, [field, targetField], draftAndPublish) : { draft: null, published: false };
    const title = targetField in data ? data[targetField] : stored?.[targetField];
    if (isBlank(title) || typeof title !== 'string') {
      // Nothing to derive it from; an empty slug sent for an existing version falls back to the stored title below.
      continue;
    }
    const slug = field in data ? data[field] : stored?.[field];

    let rebuild: boolean;
    if (!stored) {
      rebuild = isBlank(slug) || isAdminPlaceholder(contentType.modelName, slug);
    } else if (published) {
      rebuild = field in data && isBlank(data[field]);
    } else {
      const untouched = !(field in data) || data[field] === stored[field];
      const previousTitle = stored[targetField];
      rebuild =
        isBlank(slug) ||
        isAdminPlaceholder(contentType.modelName, slug) ||
        (untouched && typeof previousTitle === 'string' && !isBlank(previousTitle) && isMadeFrom(await baseSlugOf(strapi, uid, field, targetField, previousTitle), slug));
      // Already the current title's slug: kept (made again, it would collide with itself and become `…-1`).
      if (rebuild && !isBlank(slug) && isMadeFrom(await baseSlugOf(strapi, uid, field, targetField, title), slug)) rebuild = false;
    }
    if (!rebuild) continue;
    // The version's own stored slug, when it is the title's, would count as taken: it is kept instead.
    const own = stored?.[field];
    data[field] = !isBlank(own) && isMadeFrom(await baseSlugOf(strapi, uid, field, targetField, title), own) ? own : await slugFor(strapi, uid, field, targetField, title, params.locale);
  }
}
