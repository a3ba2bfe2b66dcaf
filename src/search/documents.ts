import type { PageType } from '../page-types';

/** What the search index keeps of a published document in one locale. */
export type SearchEntry = {
  contentType: PageType;
  documentId: string;
  locale: string;
  slug: string | null;
  title: string;
  summary: string;
  body: string;
};

/** What the index reads of a published row (its fields, and the components in SEARCH_SOURCES' populate). */
type Row = {
  documentId: string;
  locale: string;
  slug?: string | null;
  title?: string | null;
  summary?: string | null;
  lead?: string | null;
  place?: string | null;
  body?: unknown;
  description?: unknown;
  lessonsLearned?: unknown;
  quotes?: Array<{ text?: string; author?: string }> | null;
  activities?: Array<{ title?: string; description?: string }> | null;
};
/** A node of Strapi's blocks (rich text): a block, an inline node or a text. */
type BlockNode = { type?: string; text?: unknown; children?: unknown };

/** A search hit's type, as the GraphQL enum SearchType names it. */
export const SEARCH_TYPE_NAMES: Record<PageType, string> = {
  'api::case-story.case-story': 'case_story',
  'api::partnership.partnership': 'partnership',
  'api::press-release.press-release': 'press_release',
};

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

const join = (...parts: Array<string | null | undefined>) =>
  parts
    .map((part) => (part ?? '').trim())
    .filter(Boolean)
    .join('\n');

/**
 * Per type: the components to read with a row, and how a row becomes the index's three weighted
 * parts (title over summary over body). The body gathers every other text a reader sees.
 */
export const SEARCH_SOURCES: Record<PageType, { populate: Record<string, true>; summary: (row: Row) => string; body: (row: Row) => string }> = {
  'api::case-story.case-story': {
    populate: { quotes: true },
    summary: (row) => row.summary ?? '',
    body: (row) =>
      join(blocksText(row.body), ...((row.quotes ?? []) as Array<{ text?: string; author?: string }>).map((quote) => join(quote.text, quote.author)), blocksText(row.lessonsLearned), row.place),
  },
  'api::partnership.partnership': {
    populate: { activities: true },
    summary: (row) => row.summary ?? '',
    body: (row) => join(blocksText(row.description), ...((row.activities ?? []) as Array<{ title?: string; description?: string }>).map((activity) => join(activity.title, activity.description))),
  },
  'api::press-release.press-release': {
    populate: {},
    summary: (row) => row.lead ?? '',
    body: (row) => blocksText(row.body),
  },
};

/**
 * A text as the index keeps it: composed (NFC), as its folded copy is, so that the n-th word of
 * each is the same word; control characters but line breaks and tabs as spaces (snippets mark
 * matches with two of them).
 */
const indexText = (text: string) => text.normalize('NFC').replace(/\p{Cc}/gu, (char) => (char === '\n' || char === '\t' ? char : ' '));

export function toSearchEntry(contentType: PageType, row: Row): SearchEntry {
  const source = SEARCH_SOURCES[contentType];
  return {
    contentType,
    documentId: row.documentId,
    locale: row.locale,
    slug: row.slug ?? null,
    title: indexText(row.title ?? ''),
    summary: indexText(source.summary(row)),
    body: indexText(source.body(row)),
  };
}
