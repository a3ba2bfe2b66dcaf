import type { Core } from '@strapi/strapi';
import { responseCache } from '../plugin-services';

/** How long the list of locales is trusted while the response cache is off (no generation tells when it changed). */
const UNCACHED_TTL_MS = 2000;

const getters = new WeakMap<Core.Strapi, () => Promise<string[]>>();

/**
 * The codes of the site's locales (one reader per Strapi): read from i18n and kept until a locale
 * is saved on this instance, or the response cache's global generation moves (a locale saved on
 * any instance moves it), or, with the cache off, for two seconds.
 */
export function siteLocaleCodes(strapi: Core.Strapi): () => Promise<string[]> {
  const existing = getters.get(strapi);
  if (existing) return existing;
  let kept: { codes: string[]; generation: number | null; at: number } | null = null;
  const forget = async () => {
    kept = null;
  };
  strapi.db.lifecycles.subscribe({
    models: ['plugin::i18n.locale'],
    afterCreate: forget,
    afterUpdate: forget,
    afterDelete: forget,
    afterCreateMany: forget,
    afterUpdateMany: forget,
    afterDeleteMany: forget,
  });
  const read = async () => {
    const generation = await responseCache(strapi)
      .globalGeneration()
      .catch(() => null);
    const fresh = kept && (generation !== null ? kept.generation === generation : Date.now() - kept.at < UNCACHED_TTL_MS);
    if (kept && fresh) return kept.codes;
    const locales = (await strapi.plugin('i18n').service('locales').find()) as Array<{ code: string }>;
    kept = { codes: locales.map((locale) => locale.code), generation, at: Date.now() };
    return kept.codes;
  };
  getters.set(strapi, read);
  return read;
}

/** The message for a locale that is not one of the site's. */
export const unknownLocaleMessage = (where: string, code: unknown, known: string[]) => `${where}: ${JSON.stringify(code)} is not one of this site's locales (${known.join(', ')})`;
