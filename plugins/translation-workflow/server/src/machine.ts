import { TEXT_TYPES, translatableFields, type SchemaOf } from './content';
import type { GlossaryTerm } from './config';
import type { GlossaryEntry } from './providers';
import { blocksToSegments, escapeText, unescapeText } from './rich-text';

type Row = Record<string, unknown>;

/** What to populate to copy a content type's components whole (their media as ids, nested components). */
export function componentPopulate(uid: string, schemaOf: SchemaOf, inComponent = false): Record<string, unknown> {
  const populate: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(schemaOf(uid)?.attributes ?? {})) {
    if (!inComponent && attribute.pluginOptions?.i18n?.localized !== true) continue;
    if (attribute.type === 'component' && attribute.component) {
      const inner = componentPopulate(attribute.component, schemaOf, true);
      populate[name] = Object.keys(inner).length > 0 ? { populate: inner } : true;
    } else if (inComponent && attribute.type === 'media') populate[name] = { select: ['id'] };
  }
  return populate;
}

/**
 * A machine translation of one version's translatable content, in two steps: `segments` to send to
 * a service, then `build` with what came back: the data to save in the target locale (texts,
 * rich text with its structure, links and marks, and the localized components whole, their other
 * fields copied, and the texts named in `untranslated`). Slugs and relations are the caller's.
 */
export function translationPlan(uid: string, row: Row, schemaOf: SchemaOf, untranslated: Record<string, string[]> = {}): { segments: string[]; build(translated: string[]): Row } {
  const segments: string[] = [];
  /** Each filler puts its part of the result in place, reading the translations from `offset`. */
  const fill = (value: Row, target: Row, owner: string, inComponent: boolean): Array<(translated: string[]) => void> => {
    const steps: Array<(translated: string[]) => void> = [];
    const schema = schemaOf(owner);
    const fields = new Map(translatableFields(owner, schemaOf, inComponent).map((field) => [field.name, field]));
    for (const [name, attribute] of Object.entries(schema?.attributes ?? {})) {
      const field = fields.get(name);
      const current = value[name];
      if (field?.kind === 'text') {
        if (typeof current !== 'string' || current.trim() === '' || untranslated[owner]?.includes(name)) {
          target[name] = current ?? null;
          continue;
        }
        const at = segments.push(escapeText(current)) - 1;
        steps.push((translated) => (target[name] = unescapeText(translated[at])));
      } else if (field?.kind === 'blocks') {
        const codec = blocksToSegments(current);
        const from = segments.length;
        segments.push(...codec.segments);
        steps.push((translated) => (target[name] = codec.rebuild(translated.slice(from, from + codec.segments.length))));
      } else if (field?.kind === 'component') {
        const entries = (field.repeatable ? (Array.isArray(current) ? current : []) : current ? [current] : []) as Row[];
        const built = entries.map((entry) => {
          const copy: Row = {};
          steps.push(...fill(entry, copy, field.component as string, true));
          return copy;
        });
        target[name] = field.repeatable ? built : (built[0] ?? null);
      } else if (inComponent) {
        // A component's other fields are copied: numbers, links, choices; media by id.
        if (attribute.type === 'media') target[name] = Array.isArray(current) ? current.map((file) => (file as Row).id) : current ? (current as Row).id : null;
        else if (attribute.type === 'component' && attribute.component) {
          const entries = (Array.isArray(current) ? current : current ? [current] : []) as Row[];
          const built = entries.map((entry) => {
            const copy: Row = {};
            steps.push(...fill(entry, copy, attribute.component as string, true));
            return copy;
          });
          target[name] = attribute.repeatable ? built : (built[0] ?? null);
        } else if (!['relation', 'dynamiczone'].includes(attribute.type) && !TEXT_TYPES.has(attribute.type) && current !== undefined) target[name] = current;
      }
    }
    return steps;
  };
  const data: Row = {};
  const steps = fill(row, data, uid, false);
  return {
    segments,
    build(translated) {
      if (translated.length !== segments.length) throw new Error(`the service returned ${translated.length} translations for ${segments.length} texts`);
      for (const step of steps) step(translated);
      return data;
    },
  };
}

/**
 * The glossary's entries for one language pair. Terms are written in the default source language:
 * a term without translations is kept as it is in every language (a name); one with translations
 * is translated so into those locales (and is their term when they are the source), and left to
 * the service for the others.
 */
export function glossaryFor(glossary: GlossaryTerm[], defaultSource: string, source: string, target: string): GlossaryEntry[] {
  const entries = new Map<string, string>();
  const inLocale = (entry: GlossaryTerm, locale: string) => (locale === defaultSource || !entry.translations ? entry.term : entry.translations[locale]);
  for (const entry of glossary) {
    const term = inLocale(entry, source);
    const translation = inLocale(entry, target);
    if (term && translation && !entries.has(term)) entries.set(term, translation);
  }
  return [...entries].map(([term, translation]) => ({ term, translation }));
}
