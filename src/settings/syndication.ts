import { PUBLIC_CONTACT } from '../content-rules/contacts';
import { envInteger } from '../utils/env-switch';
import { CASE_STORY, PARTNERSHIP, PRESS_RELEASE } from '../content-types';

const TYPES = { 'case-story': CASE_STORY, partnership: PARTNERSHIP, 'press-release': PRESS_RELEASE } as const;

/** The reference site's routes (public/site), the pages' addresses until SITE_URL names the web team's site. */
const REFERENCE_SITE_PATHS: Record<string, string> = {
  home: '/site/?lang={locale}',
  'case-story': '/site/?lang={locale}#/case-stories/{slug}',
  partnership: '/site/?lang={locale}#/partnerships/{slug}',
  'press-release': '/site/?lang={locale}#/press/{slug}',
};

const SITE_PATHS_FORM = 'SITE_PATHS must be a JSON object of page paths per type, e.g. {"home": "/{locale}/", "case-story": "/{locale}/cases/{slug}", "press-release@da": "/da/presse/{slug}"}';

/** SITE_PATHS: page paths per type (`home`, `case-story`, `partnership`, `press-release`), `type@locale` for one locale. */
function sitePaths(env: NodeJS.ProcessEnv): Record<string, Record<string, string>> {
  const raw = env.SITE_PATHS?.trim();
  if (!raw && env.SITE_URL?.trim()) {
    throw new Error(`SITE_URL is set but SITE_PATHS is not: feeds and sitemaps need the address of each type's pages on ${env.SITE_URL.trim()}. ${SITE_PATHS_FORM}`);
  }
  let given: unknown = REFERENCE_SITE_PATHS;
  if (raw) {
    try {
      given = JSON.parse(raw);
    } catch (error) {
      throw new Error(`${SITE_PATHS_FORM}: ${(error as Error).message}`, { cause: error });
    }
  }
  if (!given || typeof given !== 'object' || Array.isArray(given)) throw new Error(SITE_PATHS_FORM);
  const paths: Record<string, Record<string, string>> = {};
  for (const [key, pattern] of Object.entries(given)) {
    const [type, locale = '*', extra] = key.split('@');
    const uid = type === 'home' ? 'home' : TYPES[type as keyof typeof TYPES];
    if (!uid || extra !== undefined) throw new Error(`SITE_PATHS: ${JSON.stringify(key)} is not one of home, ${Object.keys(TYPES).join(', ')} (with @locale for one locale)`);
    (paths[uid] ??= {})[locale] = pattern as string;
  }
  for (const [type, uid] of Object.entries(TYPES)) if (!paths[uid]) throw new Error(`SITE_PATHS has no path for ${type}`);
  return paths;
}

/** The media kit's licences (press.media-item `licence`), as feeds name and link them. */
export const MEDIA_LICENCES: Record<string, { name: string; url?: string }> = {
  press_use: { name: 'Fri til omtale af pressemeddelelsen / Free for coverage of this press release' },
  cc_by_4_0: { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
  cc_by_sa_4_0: { name: 'CC BY-SA 4.0', url: 'https://creativecommons.org/licenses/by-sa/4.0/' },
  cc0: { name: 'CC0 1.0', url: 'https://creativecommons.org/publicdomain/zero/1.0/' },
};

/** The address this CMS is reached at: PUBLIC_URL, else the local server. */
export const cmsUrl = (env: NodeJS.ProcessEnv) => env.PUBLIC_URL?.trim() || `http://localhost:${env.PORT?.trim() || '1337'}`;

/**
 * The syndication plugin's settings (plugins/syndication): RSS and Atom feeds of press releases and
 * case stories per locale, and sitemaps of the pages of case stories, partnerships and press
 * releases, linking to SITE_URL's pages by SITE_PATHS (the reference site at /site/ by default).
 */
export function syndicationSettings(env: NodeJS.ProcessEnv) {
  const siteName = { da: 'Biblioteker og integrationsråd', en: 'Libraries and integration councils' };
  // Only the contacts shown publicly (src/content-rules/contacts.ts).
  const contacts = { authors: 'contacts', authorName: 'name', authorEmail: 'email', authorFilters: { ...PUBLIC_CONTACT } };
  return {
    siteUrl: env.SITE_URL?.trim() || cmsUrl(env),
    cmsUrl: cmsUrl(env),
    siteName,
    paths: sitePaths(env),
    feeds: [
      {
        name: 'press-releases',
        contentType: TYPES['press-release'],
        title: { da: 'Pressemeddelelser', en: 'Press releases' },
        description: { da: 'Pressemeddelelser fra biblioteker og integrationsråd', en: 'Press releases from libraries and integration councils' },
        fields: {
          title: 'title',
          summary: 'lead',
          date: 'releaseDate',
          // A press release's focus areas are those of the partnerships and case stories it is about.
          categories: ['partnerships.focusAreas', 'caseStories.focusAreas'],
          categoryField: 'title',
          ...contacts,
          images: ['attachments'],
          // The media kit's files with their credit and licence (Media RSS), its first photo the enclosure when there is none among the attachments.
          mediaKit: { component: 'mediaKit', file: 'file', title: 'title', credit: 'credit', licence: 'licence', licences: MEDIA_LICENCES },
        },
      },
      {
        name: 'case-stories',
        contentType: TYPES['case-story'],
        title: { da: 'Gode historier', en: 'Case stories' },
        description: { da: 'Gode historier om biblioteker og integrationsråd', en: 'Good-practice stories of libraries and integration councils' },
        fields: { title: 'title', summary: 'summary', categories: ['focusAreas'], categoryField: 'title', ...contacts, images: ['heroImage', 'gallery'] },
      },
    ],
    // A version whose SEO settings say "no index" is in no sitemap.
    sitemaps: [
      { name: 'case-stories', contentType: TYPES['case-story'], noIndex: 'seo.noIndex' },
      { name: 'partnerships', contentType: TYPES.partnership, noIndex: 'seo.noIndex' },
      { name: 'press-releases', contentType: TYPES['press-release'], noIndex: 'seo.noIndex' },
    ],
    // JSON-LD and Open Graph data on PressRelease and CaseStory (`pageMetadata`).
    pageMetadata: { [TYPES['press-release']]: 'NewsArticle', [TYPES['case-story']]: 'Article' },
    slugField: 'slug',
    feedSize: envInteger('FEED_SIZE', 50, 1, env),
    sitemapMaxUrls: envInteger('SITEMAP_MAX_URLS', 50_000, 1, env),
    // A feed or sitemap is revalidated like a GraphQL answer (GRAPHQL_CACHE_MAX_AGE).
    maxAgeSeconds: envInteger('GRAPHQL_CACHE_MAX_AGE', 0, 0, env),
    idDate: '2026-12-05',
  };
}
