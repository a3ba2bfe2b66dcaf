import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { Answer, FeedFormat } from '../services/syndication';

type Service = {
  feed(name: string, locale: string, format: FeedFormat): Promise<Answer | null>;
  sitemapIndex(): Promise<Answer>;
  sitemap(name: string, page: number): Promise<Answer | null>;
  tagHeaders(tags: string[]): Record<string, string>;
  cacheControl(): string;
};

/** Whether `If-None-Match` names `etag` (weak comparison, RFC 9110 §13.1.2), whatever the request's Cache-Control says. */
export function matchesIfNoneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => opaque(tag) === opaque(etag));
}

const FEED_FILE = /^([a-z0-9][a-z0-9-]{0,99})\.(xml|atom)$/;
const SITEMAP_FILE = /^([a-z0-9][a-z0-9-]{0,99})-([1-9]\d{0,5})\.xml$/;
const TYPES = { rss: 'application/rss+xml; charset=utf-8', atom: 'application/atom+xml; charset=utf-8', sitemap: 'application/xml; charset=utf-8' };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => strapi.plugin('syndication').service('syndication') as unknown as Service;

  /** Sends an answer with its ETag, Cache-Control and CDN tags; 304 when the client has it; 404 for none. */
  function send(ctx: Context, answer: Answer | null, type: string): void {
    if (!answer) {
      ctx.status = 404;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = 'Not found: see /sitemap.xml, and /feeds/{locale}/{feed}.xml (RSS) or .atom (Atom).';
      return;
    }
    ctx.set({ ETag: answer.etag, 'Cache-Control': service().cacheControl(), 'X-Content-Type-Options': 'nosniff', ...service().tagHeaders(answer.tags) });
    ctx.type = type;
    if (matchesIfNoneMatch(ctx.get('if-none-match'), answer.etag)) {
      ctx.status = 304;
      return;
    }
    ctx.body = answer.body;
  }

  return {
    async feed(ctx: Context) {
      const match = FEED_FILE.exec(String(ctx.params.file));
      const format: FeedFormat = match?.[2] === 'atom' ? 'atom' : 'rss';
      send(ctx, match ? await service().feed(match[1], String(ctx.params.locale), format) : null, TYPES[format]);
    },
    async sitemapIndex(ctx: Context) {
      send(ctx, await service().sitemapIndex(), TYPES.sitemap);
    },
    async sitemap(ctx: Context) {
      const match = SITEMAP_FILE.exec(String(ctx.params.file));
      send(ctx, match ? await service().sitemap(match[1], Number(match[2])) : null, TYPES.sitemap);
    },
  };
};
