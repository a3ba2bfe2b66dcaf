import { createHash } from 'crypto';

/**
 * A version's translatable content: the text its translators work on. Localized attributes of
 * the text kinds (string, text, rich text, blocks), and the same kinds inside localized
 * components, in schema order. Not translated, so not compared: slugs (regenerated from the
 * title), relations, media, numbers, dates, choices, emails.
 */

type Attribute = { type: string; component?: string; components?: string[]; repeatable?: boolean; pluginOptions?: { i18n?: { localized?: boolean } } };
export type Schema = { attributes: Record<string, Attribute>; options?: { draftAndPublish?: boolean }; pluginOptions?: { i18n?: { localized?: boolean } } };
export type SchemaOf = (uid: string) => Schema | undefined;

export const TEXT_TYPES = new Set(['string', 'text', 'richtext', 'blocks']);

/** A translatable value: a text, rich text (blocks), or a component's (list of) texts by attribute. */
export type Value = string | null | unknown[] | Content | Content[];
/** Translatable content by attribute name. */
export type Content = { [name: string]: Value };

/** The attribute names of a content type (or component) that hold translatable content, with their kind. */
export type Field = { name: string; kind: 'text' | 'blocks' | 'component'; component?: string; repeatable?: boolean };

/** The fields of a content type to translate: localized text and components holding text; a component's own text fields. */
export function translatableFields(uid: string, schemaOf: SchemaOf, inComponent = false): Field[] {
  const schema = schemaOf(uid);
  if (!schema) return [];
  const fields: Field[] = [];
  for (const [name, attribute] of Object.entries(schema.attributes)) {
    if (!inComponent && attribute.pluginOptions?.i18n?.localized !== true) continue;
    if (attribute.type === 'blocks') fields.push({ name, kind: 'blocks' });
    else if (TEXT_TYPES.has(attribute.type)) fields.push({ name, kind: 'text' });
    else if (attribute.type === 'component' && attribute.component && translatableFields(attribute.component, schemaOf, true).length > 0)
      fields.push({ name, kind: 'component', component: attribute.component, repeatable: attribute.repeatable === true });
  }
  return fields;
}

/** What to populate to read the translatable content of `uid` (its components, nested). */
export function populateOf(uid: string, schemaOf: SchemaOf, inComponent = false): Record<string, unknown> {
  const populate: Record<string, unknown> = {};
  for (const field of translatableFields(uid, schemaOf, inComponent)) {
    if (field.kind !== 'component') continue;
    const inner = populateOf(field.component as string, schemaOf, true);
    populate[field.name] = Object.keys(inner).length > 0 ? { populate: inner } : true;
  }
  return populate;
}

/** The translatable content of a row read with `populateOf`. */
export function contentOf(uid: string, row: Record<string, unknown>, schemaOf: SchemaOf, inComponent = false): Content {
  const content: Content = {};
  for (const field of translatableFields(uid, schemaOf, inComponent)) {
    const value = row[field.name];
    if (field.kind === 'text') content[field.name] = typeof value === 'string' ? value : null;
    else if (field.kind === 'blocks') content[field.name] = Array.isArray(value) ? value : null;
    else if (field.repeatable) content[field.name] = Array.isArray(value) ? value.map((entry) => contentOf(field.component as string, entry as Record<string, unknown>, schemaOf, true)) : [];
    else content[field.name] = value && typeof value === 'object' ? contentOf(field.component as string, value as Record<string, unknown>, schemaOf, true) : null;
  }
  return content;
}

/** JSON with object keys sorted: the same content gives the same text, however it was read. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

/** SHA-256 (hex) of content: equal content, equal hash (empty texts count as absent). */
export const contentHash = (content: Content): string =>
  createHash('sha256')
    .update(canonical(normalise(content)))
    .digest('hex');

/** Empty strings and absent values are the same to a reader: an emptied field saved as '' or null is no change. */
function normalise(value: unknown): unknown {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, normalise(inner)]));
  return value ?? null;
}

/** The text of rich text (blocks): paragraphs on lines of their own. */
export function blocksText(blocks: unknown): string {
  const lines: string[] = [];
  const inline = (nodes: unknown): string =>
    Array.isArray(nodes)
      ? nodes
          .map((node: { type?: string; text?: string; children?: unknown }) =>
            typeof node?.text === 'string' ? node.text : node?.type === 'link' || node?.type === 'list-item' ? inline(node.children) : ''
          )
          .join('')
      : '';
  const walk = (nodes: unknown, prefix: string) => {
    if (!Array.isArray(nodes)) return;
    for (const node of nodes as Array<{ type?: string; children?: unknown; format?: string }>) {
      if (node?.type === 'list') {
        (node.children as Array<{ type?: string; children?: unknown }>)?.forEach((item, index) => {
          const mark = node.format === 'ordered' ? `${index + 1}. ` : '• ';
          const own = (item.children as Array<{ type?: string }> | undefined)?.filter((child) => child?.type !== 'list') ?? [];
          lines.push(`${prefix}${mark}${inline(own)}`);
          walk(
            (item.children as Array<{ type?: string }> | undefined)?.filter((child) => child?.type === 'list'),
            `${prefix}  `
          );
        });
      } else if (node?.type !== 'image') lines.push(`${prefix}${inline(node?.children)}`);
    }
  };
  walk(blocks, '');
  return lines.join('\n');
}

/** One changed field of a source: its path (`summary`, `quotes.2.text`) and its text before and after. */
export type FieldChange = { field: string; before: string | null; after: string | null };

/** The fields whose text differs between two versions of a source's content, in schema order. */
export function contentChanges(before: Content | null, after: Content): FieldChange[] {
  const changes: FieldChange[] = [];
  const textOf = (value: Value | undefined): string | null => {
    if (value === null || value === undefined) return null;
    if (typeof value === 'string') return value.trim() === '' ? null : value;
    if (Array.isArray(value) && value.every((entry) => entry && typeof entry === 'object' && 'type' in (entry as object))) return blocksText(value) || null;
    return null;
  };
  const walk = (old: Value | undefined, now: Value | undefined, path: string) => {
    const isContent = (value: unknown): value is Content => Boolean(value) && typeof value === 'object' && !Array.isArray(value);
    const isList = (value: unknown): value is Content[] => Array.isArray(value) && value.every(isContent) && !value.some((entry) => 'type' in (entry as object));
    if (isContent(old) || isContent(now)) {
      const keys = [...new Set([...Object.keys(isContent(now) ? now : {}), ...Object.keys(isContent(old) ? old : {})])];
      for (const key of keys) walk(isContent(old) ? old[key] : undefined, isContent(now) ? now[key] : undefined, path ? `${path}.${key}` : key);
      return;
    }
    if ((isList(old) && (old as unknown[]).length > 0) || (isList(now) && (now as unknown[]).length > 0)) {
      const length = Math.max(isList(old) ? old.length : 0, isList(now) ? now.length : 0);
      for (let index = 0; index < length; index++) walk(isList(old) ? old[index] : undefined, isList(now) ? now[index] : undefined, `${path}.${index + 1}`);
      return;
    }
    const was = textOf(old);
    const is = textOf(now);
    if (was !== is || canonical(normalise(old ?? null)) !== canonical(normalise(now ?? null))) changes.push({ field: path, before: was, after: is });
  };
  walk(before ?? {}, after, '');
  return changes;
}
