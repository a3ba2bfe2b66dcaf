import type { SearchTypeConfig, TextPart } from './config';

/** What the search index keeps of a published document in one locale. */
export type SearchEntry = {
  contentType: string;
  documentId: string;
  locale: string;
  slug: string | null;
  title: string;
  summary: string;
  body: string;
};

/** A published row as the index reads it: its attributes, and the components of its text parts. */
export type Row = Record<string, unknown> & { documentId: string; locale: string };

/** A node of Strapi's blocks (rich text): a block, an inline node or a text. */
type BlockNode = { type?: string; text?: unknown; children?: unknown };

/** The plain text of a blocks field (paragraphs, headings, lists, quotes), one block a line. */
export function blocksText(blocks: unknown): string {
  if (!Array.isArray(blocks)) return typeof blocks === 'string' ? blocks : '';
  const lines: string[] = [];
  const walk = (value: unknown): string => {
    if (!value || typeof value !== 'object') return '';
    const node = value as BlockNode;
    if (typeof node.text === 'string') return node.text;
    return Array.isArray(node.children) ? node.children.map(walk).join(node.type === 'list' ? '\n' : '') : '';
  };
  for (const block of blocks) {
    const text = walk(block).trim();
    if (text) lines.push(text);
  }
  return lines.join('\n');
}

const join = (parts: Array<string | null | undefined>) =>
  parts
    .map((part) => (part ?? '').trim())
    .filter(Boolean)
    .join('\n');

/** The text of one attribute's value: a text or rich text (Markdown) as it is, blocks as plain text, anything else nothing. */
const valueText = (value: unknown): string => (typeof value === 'string' ? value : blocksText(value));

/** The text of a part of a row: an attribute's, or each entry of a component's, its fields one after the other. */
function partText(row: Record<string, unknown>, part: TextPart): string {
  if (typeof part === 'string') return valueText(row[part]);
  const value = row[part.component];
  const entries = (Array.isArray(value) ? value : value ? [value] : []) as Array<Record<string, unknown>>;
  return join(entries.map((entry) => join(part.fields.map((field) => valueText(entry?.[field])))));
}

const partsText = (row: Record<string, unknown>, parts: TextPart[]) => join(parts.map((part) => partText(row, part)));

/** The components a type's text parts read, as a populate. */
export const populateOf = (type: SearchTypeConfig): Record<string, true> =>
  Object.fromEntries([...type.summary, ...type.body].flatMap((part) => (typeof part === 'string' ? [] : [[part.component, true] as const])));

/**
 * A text as the index keeps it: composed (NFC), as its folded copy is, so that the n-th word of
 * each is the same word; control characters but line breaks and tabs as spaces (snippets mark
 * matches with two of them).
 */
const indexText = (text: string) => text.normalize('NFC').replace(/\p{Cc}/gu, (char) => (char === '\n' || char === '\t' ? char : ' '));

/** A row as the index's three weighted parts: title over summary over body. */
export function toSearchEntry(type: SearchTypeConfig, row: Row): SearchEntry {
  const slug = type.slug ? row[type.slug] : null;
  return {
    contentType: type.contentType,
    documentId: row.documentId,
    locale: row.locale,
    slug: typeof slug === 'string' ? slug : null,
    title: indexText(valueText(row[type.title])),
    summary: indexText(partsText(row, type.summary)),
    body: indexText(partsText(row, type.body)),
  };
}

type Attribute = { type?: string; component?: string };
type Schema = { attributes: Record<string, Attribute>; options?: { draftAndPublish?: boolean } };
const TEXT_TYPES = new Set(['string', 'text', 'richtext', 'blocks', 'email', 'uid']);

/**
 * What is wrong with the configured types against the content model, or null: a type that does
 * not exist or has no drafts (the index holds published versions), an attribute it lacks or that
 * holds no text, a component part that is no component.
 */
export function typesProblem(types: SearchTypeConfig[], contentType: (uid: string) => Schema | undefined, component: (uid: string) => Schema | undefined): string | null {
  for (const type of types) {
    const schema = contentType(type.contentType);
    if (!schema) return `${type.contentType} is no content type of this app`;
    if (schema.options?.draftAndPublish === false) return `${type.contentType} has no draft and publish: the index holds published versions`;
    const textAttribute = (owner: Schema, name: string, where: string) => {
      const attribute = owner.attributes[name];
      if (!attribute) return `${where} has no attribute ${name}`;
      if (!TEXT_TYPES.has(attribute.type ?? '')) return `${where}.${name} is ${attribute.type}, not text`;
      return null;
    };
    const named = [type.title, ...(type.slug ? [type.slug] : [])];
    for (const part of [...named, ...type.summary, ...type.body]) {
      if (typeof part === 'string') {
        const problem = textAttribute(schema, part, type.contentType);
        if (problem) return problem;
        continue;
      }
      const attribute = schema.attributes[part.component];
      const inner = attribute?.type === 'component' && attribute.component ? component(attribute.component) : undefined;
      if (!inner) return `${type.contentType}.${part.component} is no component attribute`;
      for (const field of part.fields) {
        const problem = textAttribute(inner, field, attribute.component!);
        if (problem) return problem;
      }
    }
  }
  return null;
}
