import { ENUM_VALUES, SYSTEM_FIELDS, TYPE_LABELS, enumMessageId, type EditorLanguage } from '../content-labels';
import { COMPONENTS, CONTENT_TYPES } from './schemas';
import { WEBHOOK_MESSAGES } from './pages/webhook-messages';
import { EMBARGO_LINK_MESSAGES } from './components/embargo-links/messages';
import { CONTACT_REVIEW_MESSAGES } from './components/contact-review-messages';
import { TRANSLATION_MESSAGES } from './components/translations/messages';

/**
 * The admin's messages for this project, per admin language:
 * - the labels of every content type, component and field (src/content-labels.ts), under the
 *   message ids the Content Manager looks up for them (edit views, list views, components);
 * - the Danish texts Strapi's own translations lack (./translations/da-*.json, one file per
 *   Strapi package; `npm run check:admin-translations` lists any gap);
 * - the few texts of this project's own admin code.
 */
const bundled = import.meta.glob<{ default: Record<string, string> }>('./translations/da-*.json', { eager: true });
/** Each type's and component's uid and `displayName`, read from the schema files. */
export function displayNames(): Record<string, string> {
  return Object.fromEntries(Object.entries({ ...CONTENT_TYPES, ...COMPONENTS }).map(([uid, schema]) => [uid, schema.info.displayName]));
}

const OWN: Record<EditorLanguage, Record<string, string>> = {
  da: {
    'partnerships-cms.date-time.date': 'Vælg dato',
    'partnerships-cms.date-time.time': 'Vælg tidspunkt',
    // Ids Strapi's code asks for with an English default and no entry in any catalogue.
    'search.placeholder': 'Søg',
    clearLabel: 'Ryd',
    ...WEBHOOK_MESSAGES.da,
    ...EMBARGO_LINK_MESSAGES.da,
    ...CONTACT_REVIEW_MESSAGES.da,
    ...TRANSLATION_MESSAGES.da,
  },
  en: {
    'partnerships-cms.date-time.date': 'Choose date',
    'partnerships-cms.date-time.time': 'Choose time',
    ...WEBHOOK_MESSAGES.en,
    ...EMBARGO_LINK_MESSAGES.en,
    ...CONTACT_REVIEW_MESSAGES.en,
    ...TRANSLATION_MESSAGES.en,
  },
};

/** The Content Manager's message ids for labels, with their text in `language`. */
export function labelMessages(language: EditorLanguage): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const [uid, type] of Object.entries(TYPE_LABELS)) {
    const isComponent = !uid.startsWith('api::');
    const prefix = isComponent ? `content-manager.components.${uid}` : `content-manager.content-types.${uid}`;
    const fields = isComponent ? type.fields : { ...SYSTEM_FIELDS, ...type.fields };
    for (const [field, label] of Object.entries(fields)) messages[`${prefix}.${field}`] = label[language];
  }
  for (const [value, label] of Object.entries(ENUM_VALUES)) messages[enumMessageId(value)] = label[language];
  return messages;
}

/**
 * Content type and component names: the Content Manager looks them up with the schema's
 * `displayName` as the message id (menu, list view title). Danish and English both name
 * collection types in the plural there, as the menu lists them.
 */
export function typeNameMessages(displayNames: Record<string, string>, language: EditorLanguage): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const [uid, displayName] of Object.entries(displayNames)) {
    const type = TYPE_LABELS[uid];
    if (type) messages[displayName] = (uid.startsWith('api::') ? type.plural : type.singular)[language];
  }
  return messages;
}

export function adminTranslations(names = displayNames()): Record<EditorLanguage, Record<string, string>> {
  const strapiGaps = (Object.values(bundled) as Array<{ default: Record<string, string> }>).reduce<Record<string, string>>((all, file) => ({ ...all, ...file.default }), {});
  return {
    da: { ...strapiGaps, ...OWN.da, ...labelMessages('da'), ...typeNameMessages(names, 'da') },
    en: { ...OWN.en, ...labelMessages('en'), ...typeNameMessages(names, 'en') },
  };
}
