import type { Core } from '@strapi/strapi';
import { LinkInputError, type AdminUser, type NewLink } from '../services/links';
import { linksService } from '../services';

type Context = {
  query: Record<string, unknown>;
  params: Record<string, string>;
  request: { body?: unknown };
  state: { user?: AdminUser };
  status: number;
  badRequest(message: string, details?: unknown): void;
  notFound(message: string): void;
};

const whole = (value: unknown) => (typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : undefined);

/** The admin API of journalist links (routes/index.ts). */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Context) {
    const { documentId, locale } = ctx.query;
    if (typeof documentId !== 'string' || !documentId) return ctx.badRequest('documentId is required: the links of one document are listed');
    if (locale !== undefined && typeof locale !== 'string') return ctx.badRequest('locale must be one locale code');
    return { data: await linksService(strapi).list({ documentId, locale: locale || undefined }) };
  },

  async create(ctx: Context) {
    const body = ctx.request.body;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return ctx.badRequest('The body must be a JSON object');
    try {
      const { link, url } = await linksService(strapi).create(body as NewLink, ctx.state.user);
      ctx.status = 201;
      // The only time the address (and its token) is given out.
      return { data: { ...link, url } };
    } catch (error) {
      if (error instanceof LinkInputError) return ctx.badRequest(error.message, { errors: error.errors });
      throw error;
    }
  },

  async revoke(ctx: Context) {
    const id = whole(ctx.params.id);
    const link = id === undefined ? null : await linksService(strapi).revoke(id, ctx.state.user);
    if (!link) return ctx.notFound('No such link');
    return { data: link };
  },

  async accesses(ctx: Context) {
    const id = whole(ctx.params.id);
    const link = id === undefined ? null : await linksService(strapi).findOne(id);
    if (!link) return ctx.notFound('No such link');
    return { data: await linksService(strapi).accesses(link.id) };
  },
});
