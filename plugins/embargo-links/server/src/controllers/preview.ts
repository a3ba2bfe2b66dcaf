import type { Core } from '@strapi/strapi';
import type { EmbargoLinksConfig } from '../config';
import { embargoPage, PAGE_HEADERS, refusalPage, type MediaItem, type Person } from '../page';
import { linksService } from '../services';

type Context = { params: Record<string, string>; get(name: string): string; status: number; body: unknown; set(headers: Record<string, string>): void };

type Media = { url?: string; mime?: string; name?: string; alternativeText?: string | null };

/** The journalist's page: GET /embargo/:token. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async show(ctx: Context) {
    ctx.set(PAGE_HEADERS);
    const opened = await linksService(strapi).open(ctx.params.token, ctx.get('user-agent'));
    if (!opened) {
      ctx.status = 404;
      ctx.body = refusalPage('unknown');
      return;
    }
    const { link, outcome, releaseAt } = opened;
    if (outcome !== 'read') {
      ctx.status = outcome === 'gone' ? 404 : 410;
      ctx.body = refusalPage(outcome, link.locale);
      return;
    }
    const { contentType, fields } = strapi.config.get('plugin::embargo-links') as EmbargoLinksConfig;
    const populate: Record<string, unknown> = {};
    if (fields.contacts) populate[fields.contacts.relation] = fields.contacts.filters ? { filters: fields.contacts.filters } : true;
    if (fields.mediaKit) populate[fields.mediaKit.component] = { populate: { [fields.mediaKit.file]: true } };
    const read = (status: 'draft' | 'published') =>
      strapi.documents(contentType as never).findOne({ documentId: link.documentId, locale: link.locale, status, populate } as never) as Promise<Record<string, unknown> | null>;
    // Once the release time has passed and the release is out, the page shows what was published.
    const published = releaseAt !== null && releaseAt <= Date.now() ? await read('published') : null;
    const document = published ?? (await read('draft'));
    if (!document) {
      ctx.status = 404;
      ctx.body = refusalPage('gone', link.locale);
      return;
    }
    const people = (fields.contacts ? ((document[fields.contacts.relation] as Array<Record<string, unknown>> | null) ?? []) : []).map((person): Person => ({
      name: String(person[fields.contacts!.name] ?? ''),
      role: fields.contacts!.role ? (person[fields.contacts!.role] as string | null) : null,
      email: fields.contacts!.email ? (person[fields.contacts!.email] as string | null) : null,
      phone: fields.contacts!.phone ? (person[fields.contacts!.phone] as string | null) : null,
    }));
    const kit = (fields.mediaKit ? ((document[fields.mediaKit.component] as Array<Record<string, unknown>> | null) ?? []) : [])
      .map((item): MediaItem | null => {
        const file = item[fields.mediaKit!.file] as Media | null;
        if (!file?.url) return null;
        return {
          url: file.url,
          mime: file.mime,
          name: file.name,
          alternativeText: file.alternativeText,
          title: fields.mediaKit!.title ? (item[fields.mediaKit!.title] as string | null) : null,
          credit: fields.mediaKit!.credit ? (item[fields.mediaKit!.credit] as string | null) : null,
        };
      })
      .filter((item): item is MediaItem => item !== null);
    ctx.status = 200;
    ctx.body = embargoPage({
      locale: link.locale,
      title: String(document[fields.title] ?? ''),
      summary: fields.summary ? (document[fields.summary] as string | null) : null,
      body: fields.body ? document[fields.body] : null,
      releaseAt,
      lifted: Boolean(published),
      journalist: { name: link.journalistName, outlet: link.outlet },
      expiresAt: Date.parse(link.expiresAt),
      contacts: people,
      mediaKit: kit,
    });
  },
});
