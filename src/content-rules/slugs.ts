import type { Core, UID } from '@strapi/strapi';
import { storedDraft } from './drafts';

type Params = { documentId?: string; locale?: string | null; data?: Record<string, unknown> };
type UidAttribute = { type: string; targetField?: string };

const isBlank = (value: unknown) => value === null || value === undefined || (typeof value === 'string' && value.trim() === '');

/**
 * The slug Strapi's admin puts in a new form while its title is still empty: the type's name, made
 * unique (`case-story`, `case-story-1`, …). The admin does not redo it as the title is typed, so a
 * new document or locale version saved with it would live at `/case-story-7`.
 */
const isAdminPlaceholder = (modelName: string, value: unknown) =>
  typeof value === 'string' && new RegExp(`^${modelName.replace(/[^a-z0-9]/gi, (c) => `\\${c}`)}(-\\d+)?$`).test(value);

/**
 * Fills an empty slug from its title, as the admin's "regenerate" button does: Strapi's own uid
 * service, which slugifies with the attribute's options (æ → ae, ø → oe, å → aa, other scripts
 * transliterated) and keeps the slug unique in its locale by appending -1, -2, … A slug that has
 * a value is never touched, so a published document keeps its address unless an editor edits it;
 * an update that does not send the slug leaves it as it is.
 */
export async function fillEmptySlugs(strapi: Core.Strapi, uid: UID.ContentType, action: string, params: Params): Promise<void> {
  const data = params.data;
  if (!data) return;
  const { attributes, modelName } = strapi.contentType(uid) as { attributes: Record<string, UidAttribute>; modelName: string };
  for (const [field, attribute] of Object.entries(attributes)) {
    if (attribute.type !== 'uid' || !attribute.targetField) continue;
    const placeholder = isAdminPlaceholder(modelName, data[field]) && !isBlank(data[attribute.targetField]);
    if (!isBlank(data[field]) && !placeholder) continue;
    // An update creates the locale's version when it has none yet; that one needs a slug too.
    const stored = action === 'update' ? await storedDraft(strapi, uid, params.documentId, [field, attribute.targetField], params.locale) : null;
    if (action === 'update' && stored && (placeholder || (!(field in data) && !isBlank(stored[field])))) continue;
    const source = isBlank(data[attribute.targetField]) ? stored?.[attribute.targetField] : data[attribute.targetField];
    if (isBlank(source)) continue; // nothing to derive it from: the required check reports the slug
    // A title that is no text (an object, a list) is Strapi's validation's to refuse with a 400;
    // the slug library would throw a TypeError, a 500.
    if (typeof source !== 'string') continue;
    data[field] = await strapi.plugin('content-manager').service('uid').generateUIDField({
      contentTypeUID: uid,
      field,
      data: { [attribute.targetField]: source },
      locale: params.locale ?? undefined,
    });
  }
}
