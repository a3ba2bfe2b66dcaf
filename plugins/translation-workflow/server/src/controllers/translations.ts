import type { Core } from '@strapi/strapi';
import { translationsService } from '../services';
import { WorkflowError } from '../services/translations';

type Context = {
  query: Record<string, unknown>;
  params: Record<string, string>;
  request: { body?: unknown };
  state: { userAbility?: unknown };
  status: number;
  body: unknown;
};

type Checker = { can: (action: string, entity?: object) => boolean };
const READ = 'plugin::content-manager.explorer.read';
const UPDATE = 'plugin::content-manager.explorer.update';

/** The admin API of translation states (routes/index.ts): each answer as the Content Manager's permissions on the type and locale allow. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const checker = (ctx: Context, uid: string): Checker => strapi.plugin('content-manager').service('permission-checker').create({ userAbility: ctx.state.userAbility, model: uid }) as Checker;
  /**
   * A version as the permission conditions read it (its locale and creator: an Author edits their
   * own documents): `locale`'s version, or another version of the document in that locale's name
   * when it has none yet. A document that does not exist is a 404.
   */
  const versionOf = async (uid: string, documentId: string, locale?: string): Promise<object> => {
    if (!translationsService(strapi).tracks(uid)) throw new WorkflowError(`${uid} is not a content type whose translations are followed`, 404, 'not-tracked');
    const rows = (await strapi.db
      .query(uid as never)
      .findMany({ where: { documentId }, select: ['id', 'locale'], populate: { createdBy: { select: ['id'] } }, orderBy: { id: 'asc' } } as never)) as Array<Record<string, unknown>>;
    const own = rows.find((row) => row.locale === locale) ?? rows[0];
    if (!own) throw new WorkflowError(`There is no document ${documentId}`, 404, 'not-found');
    return { ...own, ...(locale ? { locale } : {}) };
  };
  /** Refuses (403) unless the user may do `action` on the type, or on `version` when given. */
  const allowed = (ctx: Context, uid: string, action: string, version?: object) => {
    if (!strapi.contentTypes[uid as keyof typeof strapi.contentTypes]) throw new WorkflowError(`There is no content type ${uid}`, 404, 'not-found');
    if (!checker(ctx, uid).can(action, version)) {
      ctx.status = 403;
      ctx.body = { data: null, error: { status: 403, name: 'ForbiddenError', message: 'You may not do this with this content type in this language', details: {} } };
      return false;
    }
    return true;
  };
  const body = (ctx: Context): Record<string, unknown> => {
    const value = ctx.request.body;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new WorkflowError('The body must be a JSON object', 400, 'bad-body');
    return value as Record<string, unknown>;
  };
  /** Runs an action, answering a WorkflowError as its status with the message for the editor. */
  const answer = async (ctx: Context, work: () => Promise<unknown>) => {
    try {
      const data = await work();
      if (ctx.status !== 403) ctx.body = { data: data ?? null };
    } catch (error) {
      if (!(error instanceof WorkflowError)) throw error;
      ctx.status = error.status;
      ctx.body = {
        data: null,
        error: {
          status: error.status,
          name: error.status === 502 ? 'ProviderError' : error.status === 404 ? 'NotFoundError' : 'ValidationError',
          message: error.message,
          details: { code: error.code },
        },
      };
    }
  };

  return {
    async document(ctx: Context) {
      const { uid, documentId } = ctx.params;
      await answer(ctx, async () => {
        if (!allowed(ctx, uid, READ) || !allowed(ctx, uid, READ, await versionOf(uid, documentId))) return null;
        const states = await translationsService(strapi).documentStates(uid, documentId);
        // What changed in the source is the source's text: only for those who may read that language.
        if (!checker(ctx, uid).can(READ, await versionOf(uid, documentId, states.sourceLocale))) for (const entry of states.locales) entry.changes = null;
        return states;
      });
    },

    async translate(ctx: Context) {
      const { uid, documentId } = ctx.params;
      await answer(ctx, async () => {
        const service = translationsService(strapi);
        const locale = await service.checkLocale(body(ctx).locale);
        // Writes the target language from the source's text: both permissions.
        if (!allowed(ctx, uid, UPDATE, await versionOf(uid, documentId, locale)) || !allowed(ctx, uid, READ, await versionOf(uid, documentId, await service.store.sourceOf(uid, documentId))))
          return null;
        return service.translate(uid, documentId, locale);
      });
    },

    async markCurrent(ctx: Context) {
      const { uid, documentId } = ctx.params;
      await answer(ctx, async () => {
        const locale = await translationsService(strapi).checkLocale(body(ctx).locale);
        if (!allowed(ctx, uid, UPDATE, await versionOf(uid, documentId, locale))) return null;
        await translationsService(strapi).markCurrent(uid, documentId, locale);
        return translationsService(strapi).documentStates(uid, documentId);
      });
    },

    async setSource(ctx: Context) {
      const { uid, documentId } = ctx.params;
      await answer(ctx, async () => {
        const { locale } = body(ctx);
        if (!allowed(ctx, uid, UPDATE, await versionOf(uid, documentId))) return null;
        await translationsService(strapi).setSource(uid, documentId, locale);
        return translationsService(strapi).documentStates(uid, documentId);
      });
    },

    async coverage(ctx: Context) {
      await answer(ctx, async () => {
        const all = await translationsService(strapi).coverage();
        // Only the types this user may read.
        return all.filter((type) => checker(ctx, type.uid).can(READ));
      });
    },

    async documents(ctx: Context) {
      const { uid, locale, state } = ctx.query;
      await answer(ctx, async () => {
        if (typeof uid !== 'string' || typeof locale !== 'string') throw new WorkflowError('uid and locale are required', 400, 'bad-query');
        const wanted = state === undefined ? 'needed' : state;
        if (wanted !== 'missing' && wanted !== 'outdated' && wanted !== 'needed') throw new WorkflowError('state must be missing, outdated or needed', 400, 'bad-query');
        if (!allowed(ctx, uid, READ)) return null;
        // Only documents this user may read (an Author: their own).
        const readable = async (documentIds: string[]) => {
          const rows = (await strapi.db.query(uid as never).findMany({
            where: { documentId: { $in: documentIds } },
            select: ['id', 'documentId', 'locale'],
            populate: { createdBy: { select: ['id'] } },
          } as never)) as Array<Record<string, unknown>>;
          const check = checker(ctx, uid);
          return new Set(rows.filter((row) => check.can(READ, row)).map((row) => String(row.documentId)));
        };
        return translationsService(strapi).documentsNeeding(uid, locale, wanted, readable);
      });
    },
  };
};
