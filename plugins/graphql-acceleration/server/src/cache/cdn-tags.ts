import { createHash } from 'crypto';
import { ANY_WRITE_TAG, documentTag, GLOBAL_TAG, slugTag } from './tags';

/**
 * The response cache's tags (./tags) as a CDN and a site see them: short, printable, one word
 * each, the same for the `Cache-Tag` / `Surrogate-Key` headers of answers, the purges of a
 * change and the tags of a change event. With the prefix `cms:`:
 *
 * | cache tag                               | CDN tag                         |
 * |-----------------------------------------|---------------------------------|
 * | `*` (every answer)                      | `cms:all`                       |
 * | `#` (every write)                       | `cms:any`                       |
 * | `api::case-story.case-story`            | `cms:case-story`                |
 * | `api::shop.product` / `plugin::a.b`     | `cms:shop.product` / `cms:a.b`  |
 * | `<uid>#doc:<documentId>`                | `cms:case-story:<documentId>`   |
 * | `<uid>#slug:<slug>`                     | `cms:case-story/<slug>`         |
 * | `<uid>#bulk`                            | `cms:case-story:bulk`           |
 * | an app's own tag (`search`)             | `cms:search`                    |
 *
 * A tag longer than 64 characters or with characters outside `A-Z a-z 0-9 : / . _ -` (a long or
 * non-ASCII slug) is `cms:h:` and 16 hex digits of its SHA-256: CDNs limit tags to printable
 * ASCII without spaces or commas (Cloudflare 1,024 bytes each, Fastly 1,024), and headers to 16 KB.
 */
export const CDN_TAG_MAX_LENGTH = 64;
const PRINTABLE = /^[A-Za-z0-9:/._-]+$/;

/** The short name of a content type: `case-story` for `api::case-story.case-story`. */
export function typeName(uid: string): string {
  const match = /^([a-z]+)::([\w-]+)\.([\w-]+)$/.exec(uid);
  if (!match) return uid;
  const [, namespace, api, model] = match;
  return namespace === 'api' && api === model ? api : `${api}.${model}`;
}

function bounded(prefix: string, tag: string): string {
  const full = `${prefix}${tag}`;
  if (full.length <= CDN_TAG_MAX_LENGTH && PRINTABLE.test(full)) return full;
  return `${prefix}h:${createHash('sha256').update(tag).digest('hex').slice(0, 16)}`;
}

/** The CDN tag of one cache tag. */
export function cdnTag(tag: string, prefix = ''): string {
  if (tag === GLOBAL_TAG) return `${prefix}all`;
  if (tag === ANY_WRITE_TAG) return `${prefix}any`;
  const match = /^([a-z]+::[\w-]+\.[\w-]+)(?:#(doc|slug):(.*)|#(bulk))?$/s.exec(tag);
  if (!match) return bounded(prefix, tag);
  const [, uid, kind, value, bulk] = match;
  const type = typeName(uid);
  if (bulk) return bounded(prefix, `${type}:bulk`);
  if (kind === 'doc') return bounded(prefix, `${type}:${value}`);
  if (kind === 'slug') return bounded(prefix, `${type}/${value}`);
  return bounded(prefix, type);
}

/** The CDN tags of cache tags, without repeats, in their order. */
export const cdnTags = (tags: Iterable<string>, prefix = ''): string[] => [...new Set([...tags].map((tag) => cdnTag(tag, prefix)))];

/**
 * What a change of one document makes stale, as CDN tags: every list of its type, the document,
 * each of its slugs (current and previous, for the pages found by them), answers that depend on
 * every write. The purge of a change and the tags of its event.
 */
export function changedDocumentTags(uid: string, documentId: string, slugs: Iterable<string>, prefix = ''): string[] {
  return cdnTags([uid, documentTag(uid, documentId), ...[...slugs].map((slug) => slugTag(uid, slug)), ANY_WRITE_TAG], prefix);
}
