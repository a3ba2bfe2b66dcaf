/**
 * A codec between Strapi 5 "blocks" rich text and tagged strings that a machine translator translates as whole
 * sentences. Each block that holds text (paragraph, heading, quote, list item) becomes one segment; inline formatting
 * becomes XML-like tags the providers keep (DeepL tag_handling=xml, LibreTranslate format=html):
 *   - a text node with marks: `<x id="N">text</x>` (the marks are kept by id);
 *   - a link: `<a id="N">…</a>` (the url is kept by id, never sent);
 *   - inline code: `<c id="N"/>` (the code itself is kept by id, never sent, so it stays untranslated);
 *   - plain text: bare. `&`, `<` and `>` in text are escaped.
 * Code and image blocks are not sent. Whatever a translator does to the tags, rebuilding never throws and never loses
 * text: unknown ids, unbalanced or crossing tags lose their markup, not their words.
 */

/** A Strapi text leaf, with its marks. */
export type TextNode = { type: 'text'; text: string; bold?: boolean; italic?: boolean; underline?: boolean; strikethrough?: boolean; code?: boolean };
export type LinkNode = { type: 'link'; url: string; children: TextNode[] };
export type InlineNode = TextNode | LinkNode;
export type ListBlock = { type: 'list'; format: 'ordered' | 'unordered'; indentLevel?: number; children: Array<ListItemNode | ListBlock> };
export type ListItemNode = { type: 'list-item'; children: Array<InlineNode | ListBlock> };
/** A top-level node of a Strapi 5 blocks field. */
export type Block =
  | { type: 'paragraph'; children: InlineNode[] }
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: InlineNode[] }
  | { type: 'quote'; children: InlineNode[] }
  | { type: 'code'; language?: string; children: InlineNode[] }
  | { type: 'image'; image: Record<string, unknown>; children: InlineNode[] }
  | ListBlock;

type Node = Record<string, unknown>;
/** What a tag id stands for in one segment. */
type Ref = { kind: 'x'; marks: Node } | { kind: 'a'; link: Node } | { kind: 'c'; node: Node };
type Run = { tagged: string; refs: Map<number, Ref>; translatable: boolean };

/** Blocks whose inline children are translated; `list` is walked into; code, image and unknown blocks are kept as they are. */
const CONTAINERS = new Set(['paragraph', 'heading', 'quote', 'list-item']);

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
const isText = (value: unknown): value is Node => isNode(value) && value.type === 'text' && typeof value.text === 'string';
const isInline = (value: unknown) => isText(value) || (isNode(value) && value.type === 'link' && typeof value.url === 'string' && Array.isArray(value.children) && value.children.every(isText));

/** Text in a tagged segment: `&`, `<` and `>` escaped (the services keep tags). */
export const escapeText = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
/** A translated segment's text: named and numeric entities decoded. */
export function unescapeText(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-f]{1,6});/gi, (entity, name: string) => {
    if (name[0] !== '#') return NAMED[name.toLowerCase()];
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : entity;
  });
}

/** A text node's marks: everything but `type` and `text`. */
const marksOf = (node: Node): Node => {
  const { type: _type, text: _text, ...marks } = node;
  return marks;
};
const hasMarks = (marks: Node) => Object.values(marks).some((value) => value !== undefined && value !== null && value !== false);

/** Calls `visit` for each run of inline nodes (text, link) in a translatable block, in document order. */
function walk(nodes: unknown[], visit: (parent: unknown[], start: number, end: number) => void): void {
  for (const node of nodes) {
    if (!isNode(node) || !Array.isArray(node.children)) continue;
    if (node.type === 'list') walk(node.children, visit);
    else if (typeof node.type === 'string' && CONTAINERS.has(node.type)) {
      const children = node.children;
      let start = -1;
      for (let index = 0; index <= children.length; index++) {
        if (index < children.length && isInline(children[index])) {
          if (start < 0) start = index;
          continue;
        }
        if (start >= 0) visit(children, start, index);
        start = -1;
        // A nested list (or any other block) inside a list item
        if (index < children.length) walk([children[index]], visit);
      }
    }
  }
}

function encodeRun(nodes: Node[]): Run {
  const refs = new Map<number, Ref>();
  let plain = '';
  const encodeText = (node: Node): string => {
    const text = node.text as string;
    if (text === '') return '';
    const marks = marksOf(node);
    const id = refs.size + 1;
    if (marks.code === true) {
      refs.set(id, { kind: 'c', node });
      return `<c id="${id}"/>`;
    }
    plain += text;
    if (!hasMarks(marks)) return escapeText(text);
    refs.set(id, { kind: 'x', marks });
    return `<x id="${id}">${escapeText(text)}</x>`;
  };
  const tagged = nodes
    .map((node) => {
      if (node.type === 'text') return encodeText(node);
      const { children, ...link } = node;
      const id = refs.size + 1;
      refs.set(id, { kind: 'a', link });
      return `<a id="${id}">${(children as Node[]).map(encodeText).join('')}</a>`;
    })
    .join('');
  return { tagged, refs, translatable: plain.trim() !== '' };
}

type Token = { type: 'text'; text: string } | { type: 'open'; kind: 'x' | 'a'; id: number; matched: boolean } | { type: 'close'; kind: 'x' | 'a'; matched: boolean } | { type: 'code'; id: number };

/** Our tags (tolerating the spacing and quoting translators produce), or any other tag-like markup, which is dropped. */
const TAG = /<(x|a|c)\s+id\s*=\s*["']?(\d+)["']?\s*\/?>|<\/(x|a)\s*>|<\/?[A-Za-z][\w:.-]*(?:\s[^<>]*)?\/?>/gi;

function tokenize(tagged: string): Token[] {
  const tokens: Token[] = [];
  const text = (raw: string) => {
    if (raw) tokens.push({ type: 'text', text: unescapeText(raw) });
  };
  let last = 0;
  for (const match of tagged.matchAll(TAG)) {
    text(tagged.slice(last, match.index));
    last = (match.index ?? 0) + match[0].length;
    const [, kind, id, closing] = match;
    if (kind?.toLowerCase() === 'c') tokens.push({ type: 'code', id: Number(id) });
    else if (kind && !match[0].endsWith('/>')) tokens.push({ type: 'open', kind: kind.toLowerCase() as 'x' | 'a', id: Number(id), matched: false });
    else if (closing) tokens.push({ type: 'close', kind: closing.toLowerCase() as 'x' | 'a', matched: false });
  }
  text(tagged.slice(last));
  // Pair the tags; a close shuts the innermost open tag of its kind, and tags crossing it lose their pair.
  const open: Array<Extract<Token, { type: 'open' }>> = [];
  for (const token of tokens) {
    if (token.type === 'open') open.push(token);
    else if (token.type === 'close') {
      const at = open.map((candidate) => candidate.kind).lastIndexOf(token.kind);
      if (at < 0) continue;
      open[at].matched = token.matched = true;
      open.length = at;
    }
  }
  return tokens;
}

const sameMarks = (a: Node, b: Node) => {
  const left = marksOf(a);
  const right = marksOf(b);
  const keys = new Set([...Object.keys(left), ...Object.keys(right)]);
  return [...keys].every((key) => left[key] === right[key]);
};

/** Joins neighbouring text nodes with the same marks. */
function merge(nodes: Node[]): Node[] {
  const out: Node[] = [];
  for (const node of nodes) {
    const previous = out[out.length - 1];
    if (node.type === 'text' && previous?.type === 'text' && sameMarks(previous, node)) out[out.length - 1] = { ...previous, text: `${previous.text}${node.text}` };
    else out.push(node.type === 'link' ? { ...node, children: merge(node.children as Node[]) } : node);
  }
  return out;
}

/** Inline nodes from a translated segment. */
function decodeRun(tagged: string, refs: Map<number, Ref>): Node[] {
  const out: Node[] = [];
  const frames: Array<{ token: Token; ref?: Ref }> = [];
  let link: { token: Token; node: Node } | null = null;
  const usedCode = new Set<number>();
  const place = (node: Node) => {
    const frame = [...frames].reverse().find((candidate) => candidate.ref?.kind === 'a');
    if (!frame) return void out.push(node);
    if (link?.token !== frame.token || out[out.length - 1] !== link.node) {
      link = { token: frame.token, node: { ...(frame.ref as Extract<Ref, { kind: 'a' }>).link, children: [] } };
      out.push(link.node);
    }
    (link.node.children as Node[]).push(node);
  };
  for (const token of tokenize(tagged)) {
    if (token.type === 'open' && token.matched) {
      const ref = refs.get(token.id);
      frames.push({ token, ref: ref?.kind === token.kind ? ref : undefined });
    } else if (token.type === 'close' && token.matched) frames.pop();
    else if (token.type === 'code') {
      const ref = refs.get(token.id);
      if (ref?.kind !== 'c' || usedCode.has(token.id)) continue;
      usedCode.add(token.id);
      place(structuredClone(ref.node));
    } else if (token.type === 'text') {
      const marks = Object.assign({}, ...frames.map((frame) => (frame.ref?.kind === 'x' ? frame.ref.marks : {})));
      place({ type: 'text', text: token.text, ...marks });
    }
  }
  // Inline code the translator dropped is put back at the end rather than lost.
  for (const [id, ref] of refs) {
    if (ref.kind !== 'c' || usedCode.has(id)) continue;
    const previous = out[out.length - 1];
    if (previous?.type === 'text' && !/\s$/.test(previous.text as string)) out.push({ type: 'text', text: ' ' });
    out.push(structuredClone(ref.node));
  }
  const merged = merge(out);
  return merged.length > 0 ? merged : [{ type: 'text', text: '' }];
}

const wellFormed = (blocks: unknown): blocks is Node[] => Array.isArray(blocks) && blocks.every((block) => isNode(block) && typeof block.type === 'string');

/**
 * The segments to translate in a blocks value, and how to put translations of them back. `rebuild` takes one
 * translation per segment, in order, and returns a copy of the blocks with those translations in place; a missing
 * translation keeps the original text. Anything that is not a blocks array gives no segments and is rebuilt as it was.
 */
export function blocksToSegments(blocks: unknown): { segments: string[]; rebuild(translated: string[]): Block[] } {
  if (!wellFormed(blocks)) return { segments: [], rebuild: () => blocks as Block[] };
  const runs: Run[] = [];
  walk(blocks, (parent, start, end) => runs.push(encodeRun(parent.slice(start, end) as Node[])));
  const sent = runs.flatMap((run, index) => (run.translatable ? [index] : []));
  return {
    segments: sent.map((index) => runs[index].tagged),
    rebuild(translated: string[]): Block[] {
      const copy = structuredClone(blocks);
      const slots: Array<{ parent: unknown[]; start: number; end: number }> = [];
      walk(copy, (parent, start, end) => slots.push({ parent, start, end }));
      const replacements = new Map<number, Node[]>();
      sent.forEach((runIndex, index) => {
        const translation = Array.isArray(translated) ? translated[index] : undefined;
        if (typeof translation === 'string') replacements.set(runIndex, decodeRun(translation, runs[runIndex].refs));
      });
      // Last run first, so that earlier runs' positions in a shared parent stay valid.
      for (let index = slots.length - 1; index >= 0; index--) {
        const nodes = replacements.get(index);
        if (nodes) slots[index].parent.splice(slots[index].start, slots[index].end - slots[index].start, ...nodes);
      }
      return copy as unknown as Block[];
    },
  };
}
