import type { Core } from '@strapi/strapi';
import { responseCache } from '../plugin-services';

/** How long the list of locales is trusted while the response cache is off (no generation tells when it changed). */
const UNCACHED_TTL_MS = 2000;
/** How long it is trusted at most: the generation of an in-memory cache misses locales saved by another process. */
const MAX_AGE_MS = 30000;

const getters = new WeakMap<Core.Strapi, () => Promise<string[]>>();

/**
 * The codes of the site's locales (one reader per Strapi): read from i18n and kept until a locale
 * is saved on this instance, or the response cache's global generation moves (a locale saved on
 * any instance sharing the cache's Redis moves it), for 30 seconds at most, and for two with the
 * cache off. Requests that find it stale at the same moment share one read.
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
  let reading: Promise<string[]> | null = null;
  const read = async () => {
    const generation = await responseCache(strapi)
      .globalGeneration()
      .catch(() => null);
    const age = kept ? Date.now() - kept.at : Infinity;
    if (kept && (generation !== null ? kept.generation === generation && age < MAX_AGE_MS : age < UNCACHED_TTL_MS)) return kept.codes;
    reading ??= (async () => {
      try {
        const locales = (await strapi.plugin('i18n').service('locales').find()) as Array<{ code: string }>;
        kept = { codes: locales.map((locale) => locale.code), generation, at: Date.now() };
        return kept.codes;
      } finally {
        reading = null;
      }
    })();
    return reading;
  };
  getters.set(strapi, read);
  return read;
}

/**
 * Whether a locale argument names one locale, to be checked against the site's: not `*` (every
 * locale, where Strapi accepts it) nor `''` (no code: the default locale).
 */
export const namesOneLocale = (code: unknown) => code !== '*' && code !== '';

/** The message for a locale that is not one of the site's. */
export const unknownLocaleMessage = (where: string, code: unknown, known: string[]) => `${where}: ${JSON.stringify(code)} is not one of this site's locales (${known.join(', ')})`;
