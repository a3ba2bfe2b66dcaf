// @ts-check
/**
 * The generated dataset of the benchmark and the load test: the demo content, then scale N: N case
 * stories, N/2 press releases and N/5 partnerships, in da and en, published, with relations (to the
 * municipalities, organisations, focus areas and contacts of the demo content) and a hero image.
 */
const { appApi, settle } = require('./app');

/** Topics of the generated texts: each is in one document of 40, so a search for one finds 2.5%. */
const TOPICS = [
  'lektiehjælp',
  'sprogcafé',
  'demokrati',
  'jobsøgning',
  'læseklub',
  'kodeklub',
  'foreningsliv',
  'borgerservice',
  'strikkecafé',
  'fortælleværksted',
  'medborgerskab',
  'familieaften',
  'ordblindhed',
  'netværk',
  'kulturmøde',
  'filmklub',
  'madklub',
  'billedkunst',
  'musikværksted',
  'brætspil',
  'rådgivning',
  'frivillighed',
  'skoleforberedelse',
  'danskundervisning',
  'it-hjælp',
  'sundhed',
  'motion',
  'litteratur',
  'teater',
  'foredrag',
  'debataften',
  'valgmøde',
  'praktik',
  'mentorordning',
  'cykelværksted',
  'haveklub',
  'spillecafé',
  'babysalmesang',
  'bogstart',
  'fællesspisning',
];

/** How many documents of each type scale N makes. @param {number} scale */
const datasetSize = (scale) => ({ caseStories: scale, pressReleases: Math.floor(scale / 2), partnerships: Math.floor(scale / 5) });

/** The slugs of the generated documents (document i in a locale), for queries by slug. */
const datasetSlugs = {
  caseStory: (/** @type {string} */ locale, /** @type {number} */ i) => `bench-case-story-${locale}-${i}`,
  partnership: (/** @type {string} */ locale, /** @type {number} */ i) => `bench-partnership-${locale}-${i}`,
  pressRelease: (/** @type {string} */ locale, /** @type {number} */ i) => (locale === 'da' ? `bench-press-release-${i}` : `bench-press-release-en-${i}`),
};

/**
 * Seeds the demo content and generates the dataset of `scale` into the database `strapi` is loaded on.
 * @param {import('@strapi/strapi').Core.Strapi} strapi @param {number} scale @param {(line: string) => void} log
 */
async function generate(strapi, scale, log) {
  const { seedDemoContent } = appApi();
  await seedDemoContent(strapi, () => undefined);
  const municipalities = await strapi.db.query('api::municipality.municipality').findMany({ select: ['documentId'] });
  const organisations = await strapi.documents('api::organisation.organisation').findMany({ locale: 'da', fields: ['documentId'] });
  const focusAreas = await strapi.documents('api::focus-area.focus-area').findMany({ locale: 'da', fields: ['documentId'] });
  const contacts = await strapi.documents('api::contact.contact').findMany({ locale: 'da', fields: ['documentId'] });
  const image = await strapi.db.query('plugin::upload.file').create({
    data: { name: 'bench.jpg', alternativeText: 'Biblioteket', hash: 'bench', ext: '.jpg', mime: 'image/jpeg', size: 10, url: '/uploads/bench.jpg', provider: 'local', width: 800, height: 600 },
  });
  /** @template T @param {T[]} list @param {number} i @returns {T} */
  const pick = (list, i) => list[i % list.length];
  const paragraph = (/** @type {string} */ text) => [{ type: 'paragraph', children: [{ type: 'text', text }] }];
  const size = datasetSize(scale);

  /** @param {string} label @param {import('@strapi/strapi').UID.ContentType} uid @param {number} count @param {(i: number, locale: 'da' | 'en') => Record<string, unknown>} dataFor */
  async function create(label, uid, count, dataFor) {
    /** @type {string[]} */
    const ids = [];
    const started = Date.now();
    const step = Math.max(1, Math.floor(count / 5));
    // 100 documents per transaction: one commit (and one fsync) per hundred, not per document.
    for (let first = 0; first < count; first += 100) {
      await strapi.db.transaction(async () => {
        for (let i = first; i < Math.min(count, first + 100); i += 1) {
          const documents = strapi.documents(uid);
          const doc = await documents.create({ locale: 'da', data: /** @type {any} */ (dataFor(i, 'da')), status: 'published' });
          await documents.update({ documentId: doc.documentId, locale: 'en', data: /** @type {any} */ (dataFor(i, 'en')), status: 'published' });
          ids.push(doc.documentId);
          if ((i + 1) % step === 0 || i + 1 === count) log(`${label}: ${i + 1}/${count} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
        }
      });
    }
    return ids;
  }

  const partnerships = await create('partnerships', 'api::partnership.partnership', size.partnerships, (i, locale) => ({
    title: `Bench ${locale} partnership ${i}`,
    slug: datasetSlugs.partnership(locale, i),
    summary: `Summary ${i}: ${pick(TOPICS, i + 5)}`,
    level: 'local',
    partnershipStatus: 'active',
    partners: [pick(organisations, i).documentId, pick(organisations, i + 1).documentId],
    municipality: pick(municipalities, i).documentId,
    focusAreas: [pick(focusAreas, i).documentId],
  }));
  await create('case stories', 'api::case-story.case-story', size.caseStories, (i, locale) => ({
    title: `Bench ${locale} case story ${String(i).padStart(6, '0')}`,
    slug: datasetSlugs.caseStory(locale, i),
    summary: `Summary ${i}`,
    body: paragraph(`Historie ${i} om ${pick(TOPICS, i)} og ${pick(TOPICS, i * 7 + 3)} på biblioteket, med frivillige og integrationsrådet.`),
    place: `Place ${i % 50}`,
    municipality: pick(municipalities, i * 7).documentId,
    partnership: pick(partnerships, i),
    organisations: [pick(organisations, i).documentId, pick(organisations, i + 2).documentId],
    focusAreas: [pick(focusAreas, i).documentId, pick(focusAreas, i + 1).documentId],
    heroImage: image.id,
  }));
  await create('press releases', 'api::press-release.press-release', size.pressReleases, (i, locale) => ({
    title: `Bench ${locale} press release ${i}`,
    slug: datasetSlugs.pressRelease(locale, i),
    lead: `Lead ${i}: ${pick(TOPICS, i + 11)} for nye borgere`,
    releaseDate: new Date(Date.UTC(2025, 0, 1) - i * 3600_000).toISOString(), // in the past: not embargoed
    contacts: [pick(contacts, i).documentId],
    relatedLinks: [{ label: 'REM', url: 'http://www.rem.dk' }],
  }));
}

/**
 * Loads a Strapi of its own on the configured database (process.env), generates the dataset of
 * `scale` there and closes it again, printing progress through `log`.
 * @param {any} appContext what compile() returned @param {number} scale @param {(line: string) => void} log
 */
async function generateDataset(appContext, scale, log) {
  const size = datasetSize(scale);
  log(`scale ${scale}: ${size.caseStories} case stories, ${size.pressReleases} press releases, ${size.partnerships} partnerships, in da and en`);
  const started = Date.now();
  const { createStrapi } = require('@strapi/strapi');
  const generator = createStrapi(appContext);
  generator.log.level = 'error';
  await generator.load();
  try {
    await generate(generator, scale, log);
    await settle(generator);
  } finally {
    await generator.destroy();
  }
  log(`data generated in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

module.exports = { TOPICS, datasetSize, datasetSlugs, generateDataset };
