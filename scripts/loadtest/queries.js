// @ts-check
/** The readers' queries: the anonymous GraphQL queries web teams send, with varied variables. (npm run loadtest: scripts/loadtest.js) */
const { TOPICS, datasetSize, datasetSlugs } = require('../lib/dataset');

/** @template T @param {readonly T[]} list @returns {T} */
const anyOf = (list) => list[Math.floor(Math.random() * list.length)];
/** Mostly one of the first 50 (popular pages, cache hits), sometimes any of `count` (misses). @param {number} count */
const popular = (count) => Math.floor(Math.random() * (Math.random() < 0.8 ? Math.min(count, 50) : count));

/** The reference site's languages: `ar` has no generated documents and is served along the chain. */
const READER_LOCALES = ['da', 'en', 'ar'];
const FALLBACK = ['da', 'en'];
const localeVariables = () => {
  const locale = anyOf(READER_LOCALES);
  return { locale, fallback: FALLBACK.filter((code) => code !== locale) };
};
/** A generated document's slug in the language of the chain it exists in. @param {(locale: string, i: number) => string} slug @param {number} count */
const slugVariables = (slug, count) => {
  const variables = localeVariables();
  return { ...variables, slug: slug(variables.locale === 'en' ? 'en' : 'da', popular(count)) };
};

const CASE_STORY_PAGE = `query CaseStory($slug: String!, $locale: I18NLocaleCode, $fallback: [I18NLocaleCode!]) {
  caseStoryBySlug(slug: $slug, locale: $locale, fallbackLocales: $fallback) {
    documentId title summary locale availableLocales place body lessonsLearned
    heroImage { url alternativeText width height }
    municipality { name code }
    quotes { text author role }
    outcomes { value label source }
    partnership { title slug partners { name website } }
    organisations { name website }
    focusAreas { title slug }
  }
}`;

/**
 * @typedef {object} ReaderQuery
 * @property {string} name
 * @property {number} weight share of the readers' requests, in %
 * @property {string} query
 * @property {() => Record<string, unknown>} variables
 */

/**
 * The mix, in the shapes of README.md, docs/graphql.md and the reference site.
 * @param {{ scale: number, municipalityCodes: string[], editedStory: { slug: string, variables: Record<string, unknown> } }} context
 * @returns {ReaderQuery[]}
 */
function readerQueries({ scale, municipalityCodes, editedStory }) {
  const size = datasetSize(scale);
  const pages = (/** @type {number} */ count, /** @type {number} */ pageSize) => Math.max(1, Math.ceil(count / pageSize));
  return [
    {
      name: 'case story list',
      weight: 20,
      query: `query CaseStories($locale: I18NLocaleCode, $fallback: [I18NLocaleCode!], $page: Int) {
  caseStories(locale: $locale, fallbackLocales: $fallback, sort: "title", pagination: { page: $page, pageSize: 25 }) {
    documentId title slug summary locale place
    municipality { name code } partnership { title status partners { name kind } } focusAreas { title } organisations { name } heroImage { url alternativeText }
  }
}`,
      variables: () => ({ ...localeVariables(), page: 1 + popular(pages(size.caseStories, 25)) }),
    },
    {
      name: 'case story page',
      weight: 25,
      query: CASE_STORY_PAGE,
      // One in five is the story the editor publishes: the request the checker sends.
      variables: () => (Math.random() < 0.2 ? editedStory.variables : slugVariables(datasetSlugs.caseStory, size.caseStories)),
    },
    {
      name: 'partnerships',
      weight: 10,
      query: `query Partnerships($locale: I18NLocaleCode, $fallback: [I18NLocaleCode!], $page: Int) {
  partnerships(locale: $locale, fallbackLocales: $fallback, filters: { partnershipStatus: { eq: "active" } }, sort: "title", pagination: { page: $page, pageSize: 25 }) {
    slug title summary locale status level municipality { name } partners { name kind } focusAreas { title } activities { title description kind }
  }
}`,
      variables: () => ({ ...localeVariables(), page: 1 + popular(pages(size.partnerships, 25)) }),
    },
    {
      name: 'partnership page',
      weight: 5,
      query: `query PartnershipPage($slug: String!, $locale: I18NLocaleCode, $fallback: [I18NLocaleCode!]) {
  partnershipBySlug(slug: $slug, locale: $locale, fallbackLocales: $fallback) {
    documentId title slug locale availableLocales summary description status level startDate endDate
    municipality { name code region } partners { name kind website } focusAreas { title slug }
    activities { title description kind } contacts { name jobTitle email phone }
    caseStories { title slug } seo { metaTitle metaDescription noIndex }
  }
}`,
      variables: () => slugVariables(datasetSlugs.partnership, size.partnerships),
    },
    {
      name: 'press room',
      weight: 10,
      query: `query PressRoom($locale: I18NLocaleCode, $fallback: [I18NLocaleCode!], $page: Int) {
  pressReleases(locale: $locale, fallbackLocales: $fallback, sort: "releaseDate:desc", pagination: { page: $page, pageSize: 10 }) {
    title slug lead releaseDate locale
    contacts { name jobTitle phone email organisation { name } }
    relatedLinks { label url }
    organisations { name }
  }
}`,
      variables: () => ({ ...localeVariables(), page: 1 + popular(pages(size.pressReleases, 10)) }),
    },
    {
      name: 'press release page',
      weight: 10,
      query: `query PressRelease($slug: String!, $locale: I18NLocaleCode, $fallback: [I18NLocaleCode!]) {
  pressReleaseBySlug(slug: $slug, locale: $locale, fallbackLocales: $fallback) {
    title lead body releaseDate locale
    contacts { name jobTitle email phone organisation { name } }
    relatedLinks { label url }
  }
}`,
      variables: () => slugVariables(datasetSlugs.pressRelease, size.pressReleases),
    },
    {
      name: 'municipality map',
      weight: 10,
      query: `query Danmarkskort {
  municipalityMap { code name region latitude longitude hasIntegrationCouncil integrationCouncilUrl partnershipCount caseStoryCount }
}`,
      variables: () => ({}),
    },
    {
      name: 'municipality content',
      weight: 5,
      query: `query Municipality($code: String!, $locale: I18NLocaleCode, $fallback: [I18NLocaleCode!]) {
  caseStories(locale: $locale, fallbackLocales: $fallback, filters: { municipality: { code: { eq: $code } } }, sort: "title") { slug title locale }
  partnerships(locale: $locale, fallbackLocales: $fallback, filters: { municipality: { code: { eq: $code } } }, sort: "title") { slug title locale }
}`,
      variables: () => ({ ...localeVariables(), code: anyOf(municipalityCodes) }),
    },
    {
      name: 'search',
      weight: 5,
      query: `query Search($q: String!, $locale: I18NLocaleCode, $fallback: [I18NLocaleCode!]) {
  search(query: $q, locale: $locale, fallbackLocales: $fallback, pagination: { pageSize: 20 }) {
    hits { type documentId slug title locale snippet score }
    pageInfo { total }
  }
}`,
      variables: () => ({ ...localeVariables(), q: anyOf(TOPICS) }),
    },
  ];
}

/** @param {ReaderQuery[]} queries @returns {() => { name: string, body: string, variables: Record<string, unknown> }} */
function mixOf(queries) {
  const total = queries.reduce((sum, query) => sum + query.weight, 0);
  return () => {
    let ticket = Math.random() * total;
    const query = queries.find((candidate) => (ticket -= candidate.weight) < 0) ?? queries[queries.length - 1];
    const variables = query.variables();
    return { name: query.name, variables, body: JSON.stringify({ query: query.query, variables }) };
  };
}

module.exports = { CASE_STORY_PAGE, FALLBACK, READER_LOCALES, anyOf, localeVariables, mixOf, popular, readerQueries, slugVariables };
