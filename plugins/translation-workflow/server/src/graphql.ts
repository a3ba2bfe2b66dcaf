import type { Core } from '@strapi/strapi';
import DataLoader from 'dataloader';
import type { ServedState, TranslationsService } from './services/translations';
import { STATE_TAG } from './services/translations';

type Nexus = typeof import('nexus');
type Context = object;
type Parent = { documentId?: string; locale?: string; publishedAt?: unknown };

/** The field's name on every tracked type. */
export const FIELD = 'translation';

/**
 * `translation` on the GraphQL type of every tracked content type: the state of the served version
 * against its source (current, outdated, or the source itself), read from the plugin's table in
 * one statement per request and type, whatever the number of documents. Call in register().
 */
export function registerTranslationField(strapi: Core.Strapi, service: () => TranslationsService, uids: string[]): void {
  if (uids.length === 0 || !strapi.plugins.graphql) return;
  const extension = strapi.plugin('graphql').service('extension');
  const naming = strapi.plugin('graphql').service('utils').naming;
  for (const uid of uids) {
    const attributes = (strapi.contentTypes[uid as keyof typeof strapi.contentTypes] as unknown as { attributes: Record<string, unknown> }).attributes;
    if (FIELD in attributes) throw new Error(`translation-workflow: ${uid} has an attribute named ${FIELD}, the name of the plugin's GraphQL field`);
  }
  const loaders = new WeakMap<Context, Map<string, DataLoader<string, ServedState | null>>>();
  const loaderOf = (context: Context, uid: string, drafts: boolean) => {
    let byType = loaders.get(context);
    if (!byType) loaders.set(context, (byType = new Map()));
    let loader = byType.get(uid);
    if (!loader) {
      loader = new DataLoader(async (keys) =>
        service().servedStates(
          uid,
          keys.map((key) => {
            const [documentId, locale, status] = key.split('\u0000');
            return { documentId, locale, status: drafts && status === 'draft' ? 'draft' : 'published' };
          })
        )
      );
      byType.set(uid, loader);
    }
    return loader;
  };
  extension.use(({ nexus }: { nexus: Nexus }) => ({
    types: [
      nexus.enumType({
        name: 'TranslationStateValue',
        description: 'SOURCE: the version translations are made from. CURRENT: translated from the source as it is served now. OUTDATED: the source changed since this version was translated.',
        members: ['SOURCE', 'CURRENT', 'OUTDATED'],
      }),
      nexus.objectType({
        name: 'TranslationState',
        description: 'How this language version stands against the version it is translated from, so that a site can say "this translation may be out of date".',
        definition(t) {
          t.nonNull.field('state', { type: 'TranslationStateValue' });
          t.nonNull.string('sourceLocale', { description: 'The locale this document is translated from.' });
          t.field('sourceChangedAt', { type: 'DateTime', description: "When the source's text last changed (null without a source version)." });
          t.nonNull.boolean('machineTranslated', { description: 'Written by a machine translation that no editor has saved since.' });
          t.nonNull.field('editedAt', { type: 'DateTime', description: 'When this version was last saved (or translated).' });
        },
      }),
      ...uids.map((uid) => {
        const drafts = (strapi.contentTypes[uid as keyof typeof strapi.contentTypes] as unknown as { options?: { draftAndPublish?: boolean } }).options?.draftAndPublish === true;
        return nexus.extendType({
          type: naming.getTypeName(strapi.contentType(uid as never)),
          definition(t) {
            t.field(FIELD, {
              type: 'TranslationState',
              description: 'The translation state of this version against its source language (null while it is not yet known).',
              resolve: (parent: Parent, _args: unknown, context: Context) =>
                typeof parent.documentId === 'string' && typeof parent.locale === 'string'
                  ? loaderOf(context, uid, drafts).load([parent.documentId, parent.locale, parent.publishedAt ? 'published' : 'draft'].join('\u0000'))
                  : null,
            });
          },
        });
      }),
    ],
    resolversConfig: Object.fromEntries(uids.map((uid) => [`${naming.getTypeName(strapi.contentType(uid as never))}.${FIELD}`, { auth: false }])),
  }));
  // An answer with the field depends on the states, which change without a write of its type (a source chosen, a version marked current).
  if (strapi.plugins['graphql-acceleration']) {
    const cache = strapi.plugin('graphql-acceleration').service('cache') as unknown as { declareTypeDependencies(typeName: string, tags: string[]): void };
    cache.declareTypeDependencies('TranslationState', [STATE_TAG]);
  }
}
