import { element, xmlText, XML_DECLARATION } from '../xml';

export type FeedImage = { url: string; mime: string; bytes: number };
/** A downloadable file of an item's media kit, with its credit and licence (Media RSS). */
export type FeedMedia = FeedImage & { title: string | null; credit: string | null; licence: { name: string; url?: string } | null };
export type FeedAuthor = { name: string; email: string | null };

/** One entry of a feed: a document's version in the feed's locale. */
export type FeedItem = {
  /** A tag URI (RFC 4151) that stays the document's whatever its slug or title. */
  id: string;
  title: string;
  link: string;
  summary: string | null;
  published: Date;
  updated: Date;
  categories: string[];
  authors: FeedAuthor[];
  image: FeedImage | null;
  media: FeedMedia[];
};

export type Feed = {
  id: string;
  locale: string;
  title: string;
  description: string;
  /** The site's front page in this language. */
  home: string;
  /** This feed's own address, as RSS and as Atom. */
  rssUrl: string;
  atomUrl: string;
  publisher: string;
  /** The newest change among its items (a fixed date when it has none, so an empty feed's ETag holds). */
  updated: Date;
  items: FeedItem[];
};

/** Media RSS (https://www.rssboard.org/media-rss) `media:content` of a media kit's file, in RSS and Atom alike. */
function mediaContent(media: FeedMedia): string {
  return (
    `<media:content${[` url="${xmlText(media.url)}"`, ` type="${xmlText(media.mime)}"`, ` fileSize="${media.bytes}"`, ` medium="${media.mime.startsWith('image/') ? 'image' : 'document'}"`].join(
      ''
    )}>` +
    (media.title ? element('media:title', { type: 'plain' }, media.title) : '') +
    (media.credit ? element('media:credit', {}, media.credit) : '') +
    (media.licence ? element('media:license', { type: media.licence.url ? 'text/html' : undefined, href: media.licence.url }, media.licence.name) : '') +
    '</media:content>'
  );
}

const rfc822 = (date: Date) => date.toUTCString();
const rfc3339 = (date: Date) => date.toISOString();

/** RSS 2.0 (https://www.rssboard.org/rss-specification), with atom:link rel=self and dc:creator. */
export function renderRss(feed: Feed): string {
  const items = feed.items.map((item) => {
    const emailed = item.authors.find((author) => author.email);
    return [
      '<item>',
      element('title', {}, item.title),
      element('link', {}, item.link),
      element('guid', { isPermaLink: 'false' }, item.id),
      element('pubDate', {}, rfc822(item.published)),
      item.summary ? element('description', {}, item.summary) : '',
      // RSS's author is an email address, the name in parentheses; every name is a dc:creator.
      emailed ? element('author', {}, `${emailed.email} (${emailed.name})`) : '',
      ...item.authors.map((author) => element('dc:creator', {}, author.name)),
      ...item.categories.map((category) => element('category', {}, category)),
      item.image ? element('enclosure', { url: item.image.url, length: item.image.bytes, type: item.image.mime }) : '',
      ...item.media.map(mediaContent),
      '</item>',
    ].join('');
  });
  return (
    XML_DECLARATION +
    `<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="${feed.locale}">\n<channel>` +
    [
      element('title', {}, feed.title),
      element('link', {}, feed.home),
      element('description', {}, feed.description),
      element('language', {}, feed.locale),
      element('lastBuildDate', {}, rfc822(feed.updated)),
      element('generator', {}, feed.publisher),
      element('atom:link', { href: feed.rssUrl, rel: 'self', type: 'application/rss+xml' }),
      element('atom:link', { href: feed.atomUrl, rel: 'alternate', type: 'application/atom+xml' }),
    ].join('\n') +
    '\n' +
    items.join('\n') +
    '\n</channel>\n</rss>\n'
  );
}

/** Atom (RFC 4287). Every entry has an alternate link (no content); the publisher is the feed's author. */
export function renderAtom(feed: Feed): string {
  const entries = feed.items.map((item) =>
    [
      '<entry>',
      element('id', {}, item.id),
      element('title', { type: 'text' }, item.title),
      element('link', { rel: 'alternate', type: 'text/html', href: item.link }),
      element('published', {}, rfc3339(item.published)),
      element('updated', {}, rfc3339(item.updated)),
      item.summary ? element('summary', { type: 'text' }, item.summary) : '',
      ...item.authors.map((author) => `<author>${element('name', {}, author.name)}${author.email ? element('email', {}, author.email) : ''}</author>`),
      ...item.categories.map((category) => element('category', { term: category })),
      ...[...(item.image ? [{ ...item.image, title: null }] : []), ...item.media.filter((media) => media.url !== item.image?.url)].map((file) =>
        element('link', { rel: 'enclosure', href: file.url, type: file.mime, length: file.bytes, title: file.title ?? undefined })
      ),
      ...item.media.map(mediaContent),
      '</entry>',
    ].join('')
  );
  return (
    XML_DECLARATION +
    `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="${feed.locale}">\n` +
    [
      element('id', {}, feed.id),
      element('title', { type: 'text' }, feed.title),
      element('subtitle', { type: 'text' }, feed.description),
      element('updated', {}, rfc3339(feed.updated)),
      element('link', { rel: 'self', type: 'application/atom+xml', href: feed.atomUrl }),
      element('link', { rel: 'alternate', type: 'text/html', href: feed.home }),
      element('link', { rel: 'alternate', type: 'application/rss+xml', href: feed.rssUrl }),
      `<author>${element('name', {}, feed.publisher)}</author>`,
      element('generator', {}, feed.publisher),
    ].join('\n') +
    '\n' +
    entries.join('\n') +
    '\n</feed>\n'
  );
}
