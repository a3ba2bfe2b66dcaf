import fs from 'fs';
import path from 'path';
import type { Core, UID } from '@strapi/strapi';
import * as demo from '../../database/seed-data/demo-content';
import { copenhagenToday } from '../content-rules/contacts';
import { operations } from '../settings/operations';
import { CASE_STORY, CONTACT, FOCUS_AREA, MUNICIPALITY, ORGANISATION, PARTNERSHIP, PRESS_RELEASE } from '../content-types';

type MunicipalitySource = { code: string; name: string; region: string; lat: number; lng: number };
type Locale = keyof demo.Translated<unknown>;
type Data = Record<string, unknown>;

const LOCALES: Locale[] = ['da', 'en'];
const REGION_BY_NAME: Record<string, string> = {
  'Region Hovedstaden': 'hovedstaden',
  'Region Sjælland': 'sjaelland',
  'Region Syddanmark': 'syddanmark',
  'Region Midtjylland': 'midtjylland',
  'Region Nordjylland': 'nordjylland',
};

/** The content types of the model; the database counts as empty when none holds a document. */
export const MODEL_UIDS = [MUNICIPALITY, ORGANISATION, FOCUS_AREA, CONTACT, PARTNERSHIP, CASE_STORY, PRESS_RELEASE] as const satisfies readonly UID.ContentType[];

export type SeedReport = Record<string, { documents: number; created: number }>;

export function readMunicipalities(appRoot: string): MunicipalitySource[] {
  const file = path.join(appRoot, 'database', 'seed-data', 'municipalities.json');
  const rows = JSON.parse(fs.readFileSync(file, 'utf8')) as MunicipalitySource[];
  for (const row of rows) {
    if (!/^\d{3}$/.test(row.code) || !REGION_BY_NAME[row.region]) {
      throw new Error(`${file}: municipality ${JSON.stringify(row)} has a bad code or an unknown region`);
    }
  }
  return rows;
}

class Seeder {
  readonly report: SeedReport = {};
  private readonly ids = new Map<string, string>(); // "<uid>:<key>" -> documentId

  constructor(
    private readonly strapi: Core.Strapi,
    private readonly log: (line: string) => void
  ) {}

  id(uid: UID.ContentType, key: string): string {
    const documentId = this.ids.get(`${uid}:${key}`);
    if (!documentId) throw new Error(`Demo content refers to ${uid} "${key}", which the seed does not define`);
    return documentId;
  }

  idsOf(uid: UID.ContentType, keys: string[]): string[] {
    return keys.map((key) => this.id(uid, key));
  }

  private count(label: string, created: number) {
    const entry = (this.report[label] ??= { documents: 0, created: 0 });
    entry.documents += 1;
    entry.created += created;
  }

  progress(label: string) {
    const entry = this.report[label] ?? { documents: 0, created: 0 };
    this.log(`[seed] ${label}: ${entry.documents} documents, ${entry.created} created`);
  }

  async municipalities(rows: MunicipalitySource[]) {
    const uid = MUNICIPALITY;
    const existing: Array<{ code: string; documentId: string }> = await this.strapi.db.query(uid).findMany({ select: ['code', 'documentId'] });
    const byCode = new Map(existing.map((row) => [row.code, row.documentId]));
    for (const row of rows) {
      let documentId = byCode.get(row.code);
      if (!documentId) {
        const created = await this.strapi.documents(uid).create({
          data: {
            code: row.code,
            name: row.name,
            region: REGION_BY_NAME[row.region],
            latitude: row.lat,
            longitude: row.lng,
            hasIntegrationCouncil: demo.INTEGRATION_COUNCIL_MUNICIPALITIES.includes(row.code),
          } as never,
        });
        documentId = created.documentId;
      }
      this.ids.set(`${uid}:${row.code}`, documentId);
      this.count('municipalities', byCode.has(row.code) ? 0 : 1);
    }
    this.progress('municipalities');
  }

  /**
   * Makes sure a document exists in every seeded locale, found by its Danish key, and published
   * when the type has draft & publish. Existing locales are left as editors left them.
   */
  async localized(uid: UID.ContentType, label: string, key: { field: string; value: string }, dataFor: (locale: Locale) => Data): Promise<string> {
    const documents = this.strapi.documents(uid);
    const publish = this.strapi.getModel(uid).options?.draftAndPublish === true;
    const status = publish ? ({ status: 'published' } as const) : {};
    const found = await documents.findFirst({ locale: 'da', filters: { [key.field]: key.value }, fields: ['documentId'] } as never);
    let documentId = (found as { documentId?: string } | null)?.documentId;
    let created = 0;
    if (!documentId) {
      const doc = await documents.create({ locale: 'da', data: dataFor('da') as never, ...status });
      documentId = doc.documentId;
      created += 1;
    }
    for (const locale of LOCALES.filter((code) => code !== 'da')) {
      const version = await documents.findOne({ documentId, locale, fields: ['documentId'] } as never);
      if (version) continue;
      // Updating a locale a document lacks creates that localization.
      await documents.update({ documentId, locale, data: dataFor(locale) as never, ...status } as never);
      created += 1;
    }
    this.ids.set(`${uid}:${key.value}`, documentId);
    this.count(label, created);
    return documentId;
  }
}

/**
 * Loads the 98 municipalities and the demo documents of the press release, in da and en,
 * published. Idempotent: what exists (found by municipality code, or by Danish slug or email) is
 * kept as it is, so running it twice changes nothing.
 */
export async function seedDemoContent(strapi: Core.Strapi, log: (line: string) => void = (line) => strapi.log.info(line)) {
  const seed = new Seeder(strapi, log);
  await seed.municipalities(readMunicipalities(strapi.dirs.app.root));

  for (const area of demo.focusAreas) {
    await seed.localized(FOCUS_AREA, 'focus areas', { field: 'slug', value: area.slug.da }, (locale) => ({
      title: area.title[locale],
      slug: area.slug[locale],
      description: area.description[locale],
      sortOrder: area.sortOrder,
    }));
  }
  seed.progress('focus areas');

  for (const org of demo.organisations) {
    await seed.localized(ORGANISATION, 'organisations', { field: 'slug', value: org.slug }, (locale) => ({
      name: org.name,
      slug: org.slug,
      kind: org.kind,
      website: org.website ?? null,
      description: org.description[locale],
      municipality: org.municipalityCode ? seed.id(MUNICIPALITY, org.municipalityCode) : null,
    }));
  }
  seed.progress('organisations');

  for (const contact of demo.contacts) {
    const review = new Date();
    review.setUTCMonth(review.getUTCMonth() + contact.reviewMonths);
    await seed.localized(CONTACT, 'contacts', { field: 'email', value: contact.email }, (locale) => ({
      name: contact.name,
      email: contact.email,
      phone: contact.phone,
      jobTitle: contact.jobTitle[locale],
      organisation: seed.id(ORGANISATION, contact.organisationSlug),
      showPublicly: true,
      lawfulBasis: contact.lawfulBasis,
      reviewDate: copenhagenToday(review),
    }));
  }
  seed.progress('contacts');

  for (const item of demo.partnerships) {
    await seed.localized(PARTNERSHIP, 'partnerships', { field: 'slug', value: item.slug.da }, (locale) => ({
      title: item.title[locale],
      slug: item.slug[locale],
      summary: item.summary[locale],
      description: item.description[locale],
      level: item.level,
      partnershipStatus: item.partnershipStatus,
      partners: seed.idsOf(ORGANISATION, item.partnerSlugs),
      municipality: item.municipalityCode ? seed.id(MUNICIPALITY, item.municipalityCode) : null,
      focusAreas: seed.idsOf(FOCUS_AREA, item.focusAreaSlugs),
      contacts: seed.idsOf(CONTACT, item.contactEmails),
      activities: item.activities[locale],
    }));
  }
  seed.progress('partnerships');

  for (const story of demo.caseStories) {
    await seed.localized(CASE_STORY, 'case stories', { field: 'slug', value: story.slug.da }, (locale) => ({
      title: story.title[locale],
      slug: story.slug[locale],
      summary: story.summary[locale],
      body: story.body[locale],
      lessonsLearned: story.lessonsLearned[locale],
      place: story.place,
      municipality: seed.id(MUNICIPALITY, story.municipalityCode),
      partnership: seed.id(PARTNERSHIP, story.partnershipSlug),
      organisations: seed.idsOf(ORGANISATION, story.organisationSlugs),
      focusAreas: seed.idsOf(FOCUS_AREA, story.focusAreaSlugs),
    }));
  }
  seed.progress('case stories');

  // The release gives no date: the demo release is dated when the demo content is first loaded.
  const releaseDate = new Date().toISOString();
  for (const release of demo.pressReleases) {
    await seed.localized(PRESS_RELEASE, 'press releases', { field: 'slug', value: release.slug.da }, (locale) => ({
      title: release.title[locale],
      slug: release.slug[locale],
      lead: release.lead[locale],
      body: release.body[locale],
      releaseDate,
      relatedLinks: release.relatedLinks[locale],
      contacts: seed.idsOf(CONTACT, release.contactEmails),
      organisations: seed.idsOf(ORGANISATION, release.organisationSlugs),
      partnerships: seed.idsOf(PARTNERSHIP, release.partnershipSlugs),
      caseStories: seed.idsOf(CASE_STORY, release.caseStorySlugs),
    }));
  }
  seed.progress('press releases');
  return seed.report;
}

export async function isDatabaseEmpty(strapi: Core.Strapi): Promise<boolean> {
  for (const uid of MODEL_UIDS) {
    if ((await strapi.db.query(uid).count()) > 0) return false;
  }
  return true;
}

/** Seeds on first boot: only outside production, only into an empty database, unless SEED_DEMO_CONTENT=false (config/operations.ts). */
export async function seedOnFirstBoot(strapi: Core.Strapi): Promise<boolean> {
  if (!operations(strapi).seedDemoContent) return false;
  if (!(await isDatabaseEmpty(strapi))) return false;
  strapi.log.info('[seed] empty database: loading the demo content (SEED_DEMO_CONTENT=false turns this off)');
  await seedDemoContent(strapi);
  return true;
}
