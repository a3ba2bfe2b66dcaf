import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { changeOf, type Change, type PublishedVersion } from './model';

/** Document Service actions that can change a document's published versions. */
const WATCHED_ACTIONS = new Set(['create', 'update', 'delete', 'clone', 'publish', 'unpublish']);
/** Actions that write a draft only in a type with drafts, unless called with `status: 'published'`. */
const DRAFT_ACTIONS = new Set(['create', 'update', 'clone']);

export type Recorder = {
  /** Whether any endpoint receives events of this content type. */
  watches(uid: string): boolean;
  /** Records the event of a change in the change's transaction. */
  record(trx: Knex.Transaction, uid: string, documentId: string, change: Change): Promise<boolean>;
  /** Called once the change has committed, when it recorded something. */
  committed(): void;
};

export type Model = { uid: string; attributes: Record<string, unknown>; options?: { draftAndPublish?: boolean } };

/** The published versions of one document, or of every document of the type, by document (in the ambient transaction, when there is one). */
export async function publishedVersions(strapi: Core.Strapi, model: Model, documentId: string | null, slugField: string): Promise<Map<string, PublishedVersion[]>> {
  const localized = 'locale' in model.attributes;
  const withSlug = slugField in model.attributes;
  const rows = (await strapi.db.query(model.uid as never).findMany({
    where: { ...(documentId === null ? {} : { documentId }), publishedAt: { $notNull: true } },
    select: ['id', 'documentId', 'updatedAt', ...(localized ? ['locale'] : []), ...(withSlug ? [slugField] : [])],
  })) as Array<Record<string, unknown>>;
  const byDocument = new Map<string, PublishedVersion[]>();
  for (const row of rows) {
    const key = row.documentId as string;
    if (!byDocument.has(key)) byDocument.set(key, []);
    byDocument.get(key)!.push({
      id: row.id as number,
      locale: localized ? ((row.locale as string | null) ?? null) : null,
      updatedAt: (row.updatedAt as string | null) ?? null,
      slug: withSlug ? ((row[slugField] as string | null) ?? null) : null,
    });
  }
  return byDocument;
}

const versionsOf = async (strapi: Core.Strapi, model: Model, documentId: string, slugField: string) => (await publishedVersions(strapi, model, documentId, slugField)).get(documentId) ?? [];

/**
 * The Document Service middleware that turns actions into events: it reads the document's
 * published versions before and after the action, in one transaction with it (its own, or the
 * one it runs in), and records the event of the difference in that transaction. A change that
 * rolls back leaves no event; an event is never lost between a commit and its sending.
 * Registered in the plugin's bootstrap: after the app's middlewares of register(), so it runs
 * inside a transaction they open around an action.
 */
export function registerCapture(strapi: Core.Strapi, recorder: Recorder, slugField: string): void {
  strapi.documents.use(async (context, next) => {
    const { uid, action } = context as { uid: string; action: string };
    if (!WATCHED_ACTIONS.has(action) || !recorder.watches(uid)) return next();
    const model = strapi.getModel(uid as never) as unknown as Model | undefined;
    if (!model) return next();
    const params = (context.params ?? {}) as { documentId?: string; status?: string };
    const drafts = model.options?.draftAndPublish !== false;
    if (drafts && DRAFT_ACTIONS.has(action) && params.status !== 'published') return next();
    return (await strapi.db.transaction(async ({ trx, onCommit }) => {
      // A clone is a new document: the source's versions are not its own.
      const known = action === 'clone' || action === 'create' ? undefined : params.documentId;
      const before = known ? await versionsOf(strapi, model, known, slugField) : [];
      const result = await next();
      const documentId = known ?? (result as { documentId?: string } | null)?.documentId;
      if (typeof documentId !== 'string') return result;
      const after = await versionsOf(strapi, model, documentId, slugField);
      const change = changeOf(action, before, after);
      if (change && (await recorder.record(trx as Knex.Transaction, uid, documentId, change))) onCommit(() => recorder.committed());
      return result;
    })) as Awaited<ReturnType<typeof next>>;
  });
}
