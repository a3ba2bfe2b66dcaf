import { AsyncLocalStorage } from 'async_hooks';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { contentHash, contentOf, populateOf, type Content, type SchemaOf } from './content';
import type { StateRow, StateStore, Status } from './states';

/** A version of a document as read after an action: its translatable content and hash. */
export type Version = { locale: string; status: Status; content: Content; hash: string };

/** What an action did to a document's versions, by locale. */
export type Edits = {
  /** Versions an editor (or a machine translation, `machine` naming its provider) saved. */
  saved: Map<string, { machine: string | null }>;
  /** Locales published: their published versions are now their drafts. */
  published: Set<string>;
  /** Locales whose drafts were discarded: the drafts are their published versions again. */
  discarded: Set<string>;
};

export const noEdits = (): Edits => ({ saved: new Map(), published: new Set(), discarded: new Set() });

/**
 * A document's state rows after an action, from its versions as they are now and its rows
 * before. Pure. A version saved is translated from its source as the source is now (its draft,
 * for a type with drafts); a published version carries over what its draft was based on; a
 * version no action touched keeps its basis (or, when new to the bookkeeping, counts as made
 * from the source as it is). A source's own rows have no basis.
 */
export function nextRows(input: { uid: string; documentId: string; versions: Version[]; before: StateRow[]; source: string; edits: Edits; drafts: boolean; now: number }): StateRow[] {
  const { uid, documentId, versions, before, source, edits, drafts, now } = input;
  const key = (locale: string, status: Status) => `${locale}\u0000${status}`;
  const old = new Map(before.map((row) => [key(row.locale, row.status), row]));
  const versionOf = new Map(versions.map((version) => [key(version.locale, version.status), version]));
  const made = new Map<string, StateRow>();
  /** The status an editor's save writes. */
  const saveStatus: Status = drafts ? 'draft' : 'published';

  const rowFor = (version: Version): StateRow => {
    const id = key(version.locale, version.status);
    const done = made.get(id);
    if (done) return done;
    const existing = old.get(id);
    const base = {
      content_type: uid,
      document_id: documentId,
      locale: version.locale,
      status: version.status,
      content_hash: version.hash,
      content_changed_at: existing && existing.content_hash === version.hash ? existing.content_changed_at : now,
    };
    // A published text was written when its draft was: a publication is not a change of text.
    const savedDraft = version.status === 'published' ? old.get(key(version.locale, 'draft')) : undefined;
    if (base.content_changed_at === now && savedDraft?.content_hash === version.hash) base.content_changed_at = savedDraft.content_changed_at;
    const sourceVersion = versionOf.get(key(source, version.status));
    const basedOnSource = (from: Version | undefined) => ({
      based_on_locale: from ? source : null,
      based_on_hash: from ? from.hash : null,
      based_on_content: from ? JSON.stringify(from.content) : null,
    });
    let row: StateRow;
    const saved = edits.saved.get(version.locale);
    const counterpart = (status: Status) => versionOf.get(key(version.locale, status));
    if (version.locale === source) {
      row = {
        ...base,
        based_on_locale: null,
        based_on_hash: null,
        based_on_content: null,
        machine_provider: null,
        edited_at: saved && version.status === saveStatus ? now : (existing?.edited_at ?? now),
      };
    } else if (saved && version.status === saveStatus) {
      // Saved against the source as it is now (a type with drafts: its draft).
      row = { ...base, ...basedOnSource(versionOf.get(key(source, saveStatus))), machine_provider: saved.machine, edited_at: now };
    } else if (drafts && version.status === 'published' && edits.published.has(version.locale) && counterpart('draft')) {
      row = { ...base, ...basisOf(rowFor(counterpart('draft') as Version)) };
    } else if (drafts && version.status === 'draft' && edits.discarded.has(version.locale) && counterpart('published')) {
      row = { ...base, ...basisOf(rowFor(counterpart('published') as Version)) };
    } else if (existing && existing.based_on_locale !== null) {
      row = { ...base, ...basisOf(existing) };
    } else {
      // New to the bookkeeping without an edit (a version made before the plugin, a clone): as made from the source as it is.
      row = { ...base, ...basedOnSource(sourceVersion), machine_provider: existing?.machine_provider ?? null, edited_at: existing?.edited_at ?? now };
    }
    made.set(id, row);
    return row;
  };
  return versions.map(rowFor);
}

/** What a version was made from, carried over to another version of it (a publication, a discarded draft) or kept. */
const basisOf = (row: StateRow): Pick<StateRow, 'based_on_locale' | 'based_on_hash' | 'based_on_content' | 'machine_provider' | 'edited_at'> => ({
  based_on_locale: row.based_on_locale,
  based_on_hash: row.based_on_hash,
  based_on_content: row.based_on_content,
  machine_provider: row.machine_provider,
  edited_at: row.edited_at,
});

/** Document Service actions that change a document's versions. */
const WATCHED_ACTIONS = new Set(['create', 'update', 'delete', 'clone', 'publish', 'unpublish', 'discardDraft']);

type Params = { documentId?: string; locale?: string | string[]; status?: string };

/** The locales an action's `locale` parameter names ('*': every locale the document has). */
function localesOf(param: Params['locale'], defaultLocale: string, present: string[]): string[] {
  if (param === '*') return present;
  if (Array.isArray(param)) return param.filter((locale): locale is string => typeof locale === 'string');
  return [typeof param === 'string' && param ? param : defaultLocale];
}

/** Set while a machine translation saves a draft: the provider's name. */
export const machineWrite = new AsyncLocalStorage<{ provider: string }>();

/**
 * Keeps the state rows of tracked types on every Document Service action that changes a
 * document, in the action's transaction (a rolled-back save leaves its rows as they were).
 */
export class Tracker {
  constructor(
    private readonly strapi: Core.Strapi,
    private readonly store: StateStore,
    private readonly schemaOf: SchemaOf,
    readonly tracks: (uid: string) => boolean,
    private readonly changed: () => void
  ) {}

  /** The translatable content of every version of a document, as it is now (in the ambient transaction). */
  async versionsOf(uid: string, documentId: string): Promise<Version[]> {
    const drafts = this.schemaOf(uid)?.options?.draftAndPublish === true;
    const rows = (await this.strapi.db.query(uid as never).findMany({ where: { documentId }, populate: populateOf(uid, this.schemaOf) } as never)) as Array<Record<string, unknown>>;
    return rows.map((row) => {
      const content = contentOf(uid, row, this.schemaOf);
      return { locale: String(row.locale), status: drafts && row.publishedAt === null ? 'draft' : 'published', content, hash: contentHash(content) };
    });
  }

  /** Brings one document's rows up to date after an action (`edits`), in `trx`. */
  async sync(trx: Knex.Transaction | Knex, uid: string, documentId: string, edits: Edits, read?: Version[]): Promise<boolean> {
    const versions = read ?? (await this.versionsOf(uid, documentId));
    if (versions.length === 0) {
      await this.store.forget(trx, uid, documentId);
      return true;
    }
    const before = await this.store.fullRowsOf(uid, documentId, trx);
    const source = await this.store.sourceOf(uid, documentId, trx);
    const drafts = this.schemaOf(uid)?.options?.draftAndPublish === true;
    const rows = nextRows({ uid, documentId, versions, before, source, edits, drafts, now: Date.now() });
    return this.store.replace(trx, uid, documentId, before, rows);
  }

  /** The Document Service middleware. Registered in the plugin's bootstrap: inside the transaction the app's middlewares open around an action. */
  register(defaultLocale: () => Promise<string>): void {
    this.strapi.documents.use(async (context, next) => {
      const { uid, action } = context as { uid: string; action: string };
      if (!WATCHED_ACTIONS.has(action) || !this.tracks(uid)) return next();
      const params = (context.params ?? {}) as Params;
      return (await this.strapi.db.transaction(async ({ trx, onCommit }) => {
        const result = await next();
        const documentId = action === 'clone' || action === 'create' ? (result as { documentId?: string } | null)?.documentId : params.documentId;
        if (typeof documentId !== 'string') return result;
        const versions = await this.versionsOf(uid, documentId);
        const locales = localesOf(params.locale, await defaultLocale(), [...new Set(versions.map((version) => version.locale))]);
        const edits = noEdits();
        const machine = machineWrite.getStore();
        if (action === 'create' || action === 'update') for (const locale of locales) edits.saved.set(locale, { machine: machine?.provider ?? null });
        // A save with `status: 'published'` publishes what it saved.
        if (action === 'publish' || ((action === 'create' || action === 'update') && params.status === 'published')) for (const locale of locales) edits.published.add(locale);
        if (action === 'discardDraft') for (const locale of locales) edits.discarded.add(locale);
        if (await this.sync(trx as Knex.Transaction, uid, documentId, edits, versions)) onCommit(this.changed);
        return result;
      })) as Awaited<ReturnType<typeof next>>;
    });
  }
}
