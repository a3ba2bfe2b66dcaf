import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { contentChanges, translatableFields, type Content, type FieldChange, type Schema, type SchemaOf } from '../content';
import { withListDefaults, type GivenConfig, type ProviderName } from '../config';
import { componentPopulate, glossaryFor, translationPlan } from '../machine';
import { createProvider, ProviderError, type TranslationProvider } from '../providers';
import { stateOf, StateStore, type State, type StateRow, type Status } from '../states';
import { machineWrite, noEdits, Tracker, type Version } from '../tracker';

/** Answers the admin API turns into 400 (bad request), 404, 409 or 502 (a translation service failed), with a text for the editor. */
export class WorkflowError extends Error {
  constructor(
    message: string,
    readonly status: 400 | 404 | 409 | 502,
    readonly code: string
  ) {
    super(message);
  }
}

/** What the cache tag of the plugin's GraphQL type is: every answer with a `translation` field depends on it. */
export const STATE_TAG = 'plugin::translation-workflow.state';

/** One locale of a document, as the edit view shows it. */
export type LocaleState = {
  locale: string;
  name: string;
  /** The state of the version editors work on (the draft, in a type with drafts). */
  state: State;
  /** The state of the published version, or null when the locale has none (or the type has no drafts). */
  publishedState: State | null;
  /** The service that wrote this version, when no editor has saved it since. */
  machineProvider: string | null;
  /** When this version was last saved (epoch ms), or null when missing. */
  editedAt: number | null;
  /** For an outdated version: the source's fields that changed since it was last saved (null: not known, e.g. made from another source). */
  changes: FieldChange[] | null;
  /** The service that would translate into this locale, or null. */
  provider: ProviderName | null;
};

export type DocumentStates = {
  uid: string;
  documentId: string;
  sourceLocale: string;
  defaultSource: string;
  hasDrafts: boolean;
  /** When the source's translatable content last changed (epoch ms), or null without a source version. */
  sourceChangedAt: number | null;
  locales: LocaleState[];
};

export type Coverage = {
  uid: string;
  name: string;
  documents: number;
  locales: Array<{ locale: string; source: number; missing: number; outdated: number; current: number; machine: number }>;
};

/** The state a GraphQL field shows of one served version. */
export type ServedState = { state: 'SOURCE' | 'CURRENT' | 'OUTDATED'; sourceLocale: string; sourceChangedAt: string | null; machineTranslated: boolean; editedAt: string };

const DEEPL_FIRST: ProviderName[] = ['deepl', 'libretranslate'];

export function createTranslationsService(strapi: Core.Strapi) {
  const config = withListDefaults(strapi.config.get('plugin::translation-workflow') as GivenConfig);
  const schemaOf: SchemaOf = (uid) => (strapi.contentTypes[uid as keyof typeof strapi.contentTypes] ?? strapi.components[uid as keyof typeof strapi.components]) as unknown as Schema | undefined;
  const knex = () => strapi.db.connection as unknown as Knex;
  const store = new StateStore(knex, () => config.defaultSource);
  const named = (uid: string) => config.contentTypes.some((pattern) => (pattern.endsWith('*') ? uid.startsWith(pattern.slice(0, -1)) : uid === pattern));
  /** Tracked: named in the configuration, localized, with translatable fields. */
  const tracks = (uid: string) => named(uid) && schemaOf(uid)?.pluginOptions?.i18n?.localized === true && translatableFields(uid, schemaOf).length > 0;
  const hasDrafts = (uid: string) => schemaOf(uid)?.options?.draftAndPublish === true;
  const changed = () => {
    const cache = strapi.plugins['graphql-acceleration'] ? (strapi.plugin('graphql-acceleration').service('cache') as unknown as { invalidate(tags: string[]): Promise<void> }) : null;
    cache?.invalidate([STATE_TAG]).catch((error: Error) => strapi.log.warn(`[translation-workflow] cache invalidation failed: ${error.message}`));
  };
  const tracker = new Tracker(strapi, store, schemaOf, tracks, changed);
  const providers = new Map<ProviderName, TranslationProvider>();
  const provider = (name: ProviderName): TranslationProvider => {
    let found = providers.get(name);
    if (!found) {
      const settings = config.providers[name];
      if (!settings) throw new WorkflowError(`${name} is not configured`, 409, 'provider-missing');
      found =
        name === 'deepl'
          ? createProvider({ name, ...(settings as { apiKey: string; url?: string }), timeoutMs: config.timeoutMs })
          : createProvider({ name, ...(settings as { url: string; apiKey?: string }), timeoutMs: config.timeoutMs });
      providers.set(name, found);
    }
    return found;
  };

  /** The service that translates from `source` into `target`, or null (none configured, or `none` for that locale). */
  function providerFor(source: string, target: string): ProviderName | null {
    const route = config.routes[target] ?? config.routes['*'];
    if (route === 'none') return null;
    if (route) return provider(route).supports(source, target) ? route : null;
    return DEEPL_FIRST.find((name) => config.providers[name] && provider(name).supports(source, target)) ?? null;
  }

  async function locales(): Promise<Array<{ code: string; name: string }>> {
    const rows = (await strapi.plugin('i18n').service('locales').find()) as Array<{ code: string; name: string }>;
    return rows.map(({ code, name }) => ({ code, name })).sort((a, b) => (a.code === config.defaultSource ? -1 : b.code === config.defaultSource ? 1 : a.code.localeCompare(b.code)));
  }

  function checkTracked(uid: string): void {
    if (!tracks(uid)) throw new WorkflowError(`${uid} is not a content type whose translations are followed`, 404, 'not-tracked');
  }

  async function checkLocale(locale: unknown): Promise<string> {
    if (typeof locale !== 'string' || !(await locales()).some((known) => known.code === locale))
      throw new WorkflowError(`${JSON.stringify(locale)} is not a locale of this site`, 400, 'unknown-locale');
    return locale;
  }

  /** Every document of a type with its rows in the status editors work on (the draft, in a type with drafts) and its source locale. */
  async function documentsOfType(uid: string): Promise<Array<{ documentId: string; rows: StateRow[]; source: string }>> {
    const rows = await store.rowsOfType(uid, hasDrafts(uid) ? 'draft' : 'published');
    const sources = await store.sourcesOfType(uid);
    return [...groupBy(rows, (row) => row.document_id)].map(([documentId, own]) => ({ documentId, rows: own, source: sources.get(documentId) ?? config.defaultSource }));
  }

  async function versionsOrMissing(uid: string, documentId: string): Promise<Version[]> {
    const versions = await tracker.versionsOf(uid, documentId);
    if (versions.length === 0) throw new WorkflowError(`There is no document ${documentId}`, 404, 'not-found');
    return versions;
  }

  return {
    store,
    tracker,
    tracks,
    providerFor,
    locales,
    checkLocale,

    /** Every tracked content type. */
    trackedTypes(): string[] {
      return Object.keys(strapi.contentTypes).filter(tracks);
    },

    /** The state of every locale of a document, for the edit view. */
    async documentStates(uid: string, documentId: string): Promise<DocumentStates> {
      checkTracked(uid);
      const versions = await versionsOrMissing(uid, documentId);
      const drafts = hasDrafts(uid);
      const editable: Status = drafts ? 'draft' : 'published';
      const rows = await store.rowsOf(uid, [documentId]);
      const source = await store.sourceOf(uid, documentId);
      const sourceVersion = versions.find((version) => version.locale === source && version.status === editable);
      const sourceRow = rows.find((row) => row.locale === source && row.status === editable);
      const own = rows.filter((row) => row.status === editable);
      const published = rows.filter((row) => row.status === 'published');
      const result: LocaleState[] = [];
      for (const { code, name } of await locales()) {
        const state = stateOf(own, code, source);
        const publishedState = drafts && published.some((row) => row.locale === code) ? stateOf(published, code, source, rows) : null;
        const row = own.find((candidate) => candidate.locale === code);
        let changes: FieldChange[] | null = null;
        if (state === 'outdated' && sourceVersion && row?.based_on_locale === source) {
          const before = await store.basedOnContent(uid, documentId, code, editable);
          changes = before ? contentChanges(before, sourceVersion.content) : null;
        }
        result.push({
          locale: code,
          name,
          state,
          publishedState,
          machineProvider: row?.machine_provider ?? null,
          editedAt: row?.edited_at ?? null,
          changes,
          provider: code === source || !drafts ? null : providerFor(source, code),
        });
      }
      return { uid, documentId, sourceLocale: source, defaultSource: config.defaultSource, hasDrafts: drafts, sourceChangedAt: sourceRow?.content_changed_at ?? null, locales: result };
    },

    /** Counts per tracked content type and locale: source, missing, outdated, current (and how many of those are machine translations no editor saved). */
    async coverage(): Promise<Coverage[]> {
      const codes = (await locales()).map((locale) => locale.code);
      const result: Coverage[] = [];
      for (const uid of this.trackedTypes()) {
        const documents = await documentsOfType(uid);
        const counts = codes.map((locale) => ({ locale, source: 0, missing: 0, outdated: 0, current: 0, machine: 0 }));
        for (const { rows: own, source } of documents) {
          for (const count of counts) {
            count[stateOf(own, count.locale, source)] += 1;
            if (own.some((row) => row.locale === count.locale && row.machine_provider)) count.machine += 1;
          }
        }
        const info = (strapi.contentTypes[uid as keyof typeof strapi.contentTypes] as unknown as { info?: { displayName?: string } }).info;
        result.push({ uid, name: info?.displayName ?? uid, documents: documents.length, locales: counts });
      }
      return result;
    },

    /** The documents of a type whose `locale` version is missing or outdated (or either, `needed`), with their titles in their source language. */
    async documentsNeeding(
      uid: string,
      locale: string,
      wanted: 'missing' | 'outdated' | 'needed',
      readable: (documentIds: string[]) => Promise<Set<string>> = async (documentIds) => new Set(documentIds),
      limit = 500
    ): Promise<{ total: number; documents: Array<{ documentId: string; title: string | null; state: State; sourceLocale: string }> }> {
      checkTracked(uid);
      await checkLocale(locale);
      const found: Array<{ documentId: string; state: State; sourceLocale: string; edited: number }> = [];
      for (const { documentId, rows: own, source } of await documentsOfType(uid)) {
        const state = stateOf(own, locale, source);
        if (state === wanted || (wanted === 'needed' && (state === 'missing' || state === 'outdated')))
          found.push({ documentId, state, sourceLocale: source, edited: Math.max(...own.map((row) => row.content_changed_at)) });
      }
      const visible = await readable(found.map((entry) => entry.documentId));
      const shown = found.filter((entry) => visible.has(entry.documentId)).sort((a, b) => b.edited - a.edited);
      const page = shown.slice(0, limit);
      const titles = await titlesOf(
        uid,
        page.map((entry) => entry.documentId)
      );
      return {
        total: shown.length,
        documents: page.map(({ documentId, state, sourceLocale }) => ({ documentId, state, sourceLocale, title: titles.get(`${documentId}\u0000${sourceLocale}`) ?? titles.get(documentId) ?? null })),
      };
    },

    /** Says that a locale version is a good translation of its source as the source is now (without saving it). */
    async markCurrent(uid: string, documentId: string, locale: string): Promise<void> {
      checkTracked(uid);
      await checkLocale(locale);
      const source = await store.sourceOf(uid, documentId);
      if (locale === source) throw new WorkflowError('The source language is not a translation', 400, 'is-source');
      const versions = await versionsOrMissing(uid, documentId);
      if (!versions.some((version) => version.locale === locale)) throw new WorkflowError(`The document has no ${locale} version`, 409, 'missing');
      await strapi.db.transaction(async ({ trx }) => {
        const before = await store.fullRowsOf(uid, documentId, trx as Knex.Transaction);
        const rows = before.map((row): StateRow => {
          if (row.locale !== locale) return row;
          const basis = versions.find((version) => version.locale === source && version.status === row.status);
          return basis ? { ...row, based_on_locale: source, based_on_hash: basis.hash, based_on_content: JSON.stringify(basis.content), edited_at: Date.now() } : row;
        });
        await store.replace(trx as Knex.Transaction, uid, documentId, before, rows);
      });
      changed();
    },

    /** Chooses the locale a document is translated from (its versions in other locales are compared with that one from now on). */
    async setSource(uid: string, documentId: string, locale: unknown): Promise<void> {
      checkTracked(uid);
      const code = await checkLocale(locale);
      const versions = await versionsOrMissing(uid, documentId);
      if (!versions.some((version) => version.locale === code)) throw new WorkflowError(`The document has no ${code} version to translate from`, 409, 'missing');
      await store.setSource(uid, documentId, code);
      changed();
    },

    /**
     * Fills the draft of `target` with a machine translation of the source's draft (its
     * translatable fields; a new version also gets the source's relations where the related
     * documents have that locale). Never publishes. A service error changes nothing.
     */
    async translate(uid: string, documentId: string, target: unknown): Promise<{ locale: string; provider: ProviderName; texts: number }> {
      checkTracked(uid);
      const locale = await checkLocale(target);
      if (!hasDrafts(uid)) throw new WorkflowError('This content type has no drafts: a machine translation would be public at once. Translate it by hand.', 409, 'no-drafts');
      const source = await store.sourceOf(uid, documentId);
      if (locale === source) throw new WorkflowError('The source language cannot be translated into itself', 400, 'is-source');
      const name = providerFor(source, locale);
      if (!name) throw new WorkflowError(`No machine translation into ${locale} is configured`, 409, 'no-provider');
      const schema = schemaOf(uid) as Schema;
      const relations = Object.entries(schema.attributes).filter(
        ([, attribute]) => attribute.type === 'relation' && attribute.pluginOptions?.i18n?.localized === true && (attribute as { target?: string }).target
      );
      const populate: Record<string, unknown> = { ...componentPopulate(uid, schemaOf) };
      for (const [field] of relations) populate[field] = { select: ['documentId'] };
      const row = (await strapi.db.query(uid as never).findOne({ where: { documentId, locale: source, publishedAt: null }, populate } as never)) as Record<string, unknown> | null;
      if (!row) throw new WorkflowError(`There is no ${source} version to translate from`, 409, 'no-source');
      const plan = translationPlan(uid, row, schemaOf, config.untranslated);
      if (plan.segments.length === 0) throw new WorkflowError(`The ${source} version has no text to translate`, 409, 'nothing');
      let translated: string[];
      try {
        translated = await provider(name).translate({
          texts: plan.segments,
          source,
          target: locale,
          tagged: true,
          glossary: provider(name).usesGlossaries ? glossaryFor(config.glossary, config.defaultSource, source, locale) : [],
        });
      } catch (error) {
        const message = error instanceof ProviderError ? error.message : `${name} failed: ${(error as Error).message}`;
        strapi.log.warn(`[translation-workflow] ${uid} ${documentId} ${source}→${locale}: ${message}`);
        throw new WorkflowError(`${message}. The ${locale} version was not changed.`, 502, 'provider-failed');
      }
      let data: Record<string, unknown>;
      try {
        data = plan.build(translated);
      } catch (error) {
        throw new WorkflowError(`${name} answered with something unusable (${(error as Error).message}). The ${locale} version was not changed.`, 502, 'provider-failed');
      }
      const existing = (await strapi.db.query(uid as never).findMany({ where: { documentId, locale }, select: ['id', 'publishedAt'] } as never)) as Array<{ publishedAt: unknown }>;
      // Slugs follow the translated title until the version is published (a published page keeps its address).
      if (!existing.some((version) => version.publishedAt)) {
        for (const [field, attribute] of Object.entries(schema.attributes) as Array<[string, { type: string; targetField?: string }]>) {
          if (attribute.type !== 'uid' || !attribute.targetField || typeof data[attribute.targetField] !== 'string') continue;
          data[field] = await strapi.plugin('content-manager').service('uid').generateUIDField({ contentTypeUID: uid, field, data, locale });
        }
      }
      if (existing.length === 0) Object.assign(data, await relationsFor(uid, row, relations, locale));
      await machineWrite.run({ provider: name }, () => strapi.documents(uid as never).update({ documentId, locale, data } as never));
      return { locale, provider: name, texts: plan.segments.length };
    },

    /** The states of served versions, for the GraphQL field: one read per batch. */
    async servedStates(uid: string, versions: Array<{ documentId: string; locale: string; status: Status }>): Promise<Array<ServedState | null>> {
      const documentIds = [...new Set(versions.map((version) => version.documentId))];
      const rows = groupBy(await store.rowsOf(uid, documentIds), (row) => row.document_id);
      const sources = await store.sourcesOf(uid, documentIds);
      return versions.map(({ documentId, locale, status }) => {
        const all = rows.get(documentId) ?? [];
        const own = all.filter((row) => row.status === status);
        const mine = own.find((row) => row.locale === locale);
        if (!mine) return null;
        const source = sources.get(documentId) ?? config.defaultSource;
        // A published version is current when made from the source as it is served, or as its draft is (a translation ahead of the source's publication).
        const state = stateOf(own, locale, source, status === 'published' ? all : own);
        const sourceRow = own.find((row) => row.locale === source);
        return {
          state: state === 'source' ? 'SOURCE' : state === 'outdated' ? 'OUTDATED' : 'CURRENT',
          sourceLocale: source,
          sourceChangedAt: sourceRow ? new Date(sourceRow.content_changed_at).toISOString() : null,
          machineTranslated: mine.machine_provider !== null,
          editedAt: new Date(mine.edited_at).toISOString(),
        };
      });
    },

    /**
     * Brings the states in line with the documents after changes made behind the Document
     * Service's back: `missing` (at boot) records documents that have no states (made before the
     * plugin, or while it was off) as translated from their source as it is; `all` (after a
     * restore) also recomputes every document's hashes, keeping what each version was based on
     * (a restored source that differs makes its translations outdated), and forgets documents that
     * no longer exist. Returns how many documents were checked and how many of them written.
     */
    async resync(scope: 'missing' | 'all', progress?: (done: number, total: number) => void): Promise<{ checked: number; written: number }> {
      let written = 0;
      let checked = 0;
      for (const uid of this.trackedTypes()) {
        const tracked = await store.trackedDocuments(uid);
        const rows = (await strapi.db.query(uid as never).findMany({ select: ['documentId'] } as never)) as Array<{ documentId: string }>;
        const present = new Set(rows.map((row) => row.documentId));
        const work = scope === 'all' ? [...new Set([...present, ...tracked])] : [...present].filter((documentId) => !tracked.has(documentId));
        for (const [index, documentId] of work.entries()) {
          if (await strapi.db.transaction(async ({ trx }) => tracker.sync(trx as Knex.Transaction, uid, documentId, noEdits()))) written += 1;
          checked += 1;
          progress?.(index + 1, work.length);
        }
      }
      if (written > 0) changed();
      return { checked, written };
    },
  };

  /** Titles by `documentId\0locale` and by document (any locale). */
  async function titlesOf(uid: string, documentIds: string[]): Promise<Map<string, string>> {
    const attributes = schemaOf(uid)?.attributes ?? {};
    const field = config.titleFields.find((name) => name in attributes);
    const titles = new Map<string, string>();
    if (!field || documentIds.length === 0) return titles;
    const rows = (await strapi.db.query(uid as never).findMany({ where: { documentId: { $in: documentIds } }, select: ['documentId', 'locale', field], orderBy: { id: 'asc' } } as never)) as Array<
      Record<string, unknown>
    >;
    for (const row of rows) {
      const title = typeof row[field] === 'string' ? (row[field] as string) : null;
      if (!title) continue;
      titles.set(`${row.documentId}\u0000${row.locale}`, title);
      if (!titles.has(String(row.documentId))) titles.set(String(row.documentId), title);
    }
    return titles;
  }

  /** A new locale version's relations, as i18n relates versions: to the related documents' versions in that locale, when they have one. */
  async function relationsFor(uid: string, row: Record<string, unknown>, relations: Array<[string, unknown]>, locale: string): Promise<Record<string, unknown>> {
    const data: Record<string, unknown> = {};
    for (const [field, attribute] of relations) {
      const target = (attribute as { target: string }).target;
      const related = ([] as Array<{ documentId?: string }>)
        .concat((row[field] as never) ?? [])
        .map((entry) => entry.documentId)
        .filter((id): id is string => typeof id === 'string');
      if (related.length === 0) continue;
      const localized = schemaOf(target)?.pluginOptions?.i18n?.localized === true;
      const present = localized
        ? new Set(
            ((await strapi.db.query(target as never).findMany({ where: { documentId: { $in: related }, locale }, select: ['documentId'] } as never)) as Array<{ documentId: string }>).map(
              (entry) => entry.documentId
            )
          )
        : new Set(related);
      const connect = related.filter((id) => present.has(id)).map((id) => (localized ? { documentId: id, locale } : { documentId: id }));
      if (connect.length > 0) data[field] = { connect };
    }
    return data;
  }
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

export type TranslationsService = ReturnType<typeof createTranslationsService>;
export type { Content };
