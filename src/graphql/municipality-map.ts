import type { Core, UID } from '@strapi/strapi';
import { responseCache } from '../plugin-services';
import { CASE_STORY, MUNICIPALITY, PARTNERSHIP } from '../content-types';

type Nexus = typeof import('nexus');

type JoinTable = { name: string; joinColumn: { name: string }; inverseJoinColumn: { name: string } };

export type MunicipalityMapEntry = {
  documentId: string;
  code: string;
  name: string;
  region: string | null;
  latitude: number | null;
  longitude: number | null;
  hasIntegrationCouncil: boolean;
  integrationCouncilUrl: string | null;
  partnershipCount: number;
  caseStoryCount: number;
};

/** Published documents of `uid` per municipality id: one grouped SQL statement over the relation's join table. */
async function publishedCountsByMunicipality(strapi: Core.Strapi, uid: UID.ContentType): Promise<Map<number, number>> {
  const meta = strapi.db.metadata.get(uid);
  const attributes = meta.attributes as Record<string, { columnName?: string; joinTable?: JoinTable }>;
  const join = attributes.municipality.joinTable!;
  const documentId = attributes.documentId.columnName ?? 'document_id';
  const publishedAt = attributes.publishedAt.columnName ?? 'published_at';
  const knex = strapi.db.connection;
  const rows: Array<{ municipality: number | string; count: number | string }> = await knex(meta.tableName)
    .join(join.name, `${join.name}.${join.joinColumn.name}`, `${meta.tableName}.id`)
    .whereNotNull(`${meta.tableName}.${publishedAt}`)
    .groupBy(`${join.name}.${join.inverseJoinColumn.name}`)
    .select({ municipality: `${join.name}.${join.inverseJoinColumn.name}` })
    .countDistinct({ count: `${meta.tableName}.${documentId}` });
  return new Map(rows.map((row) => [Number(row.municipality), Number(row.count)]));
}

/** All 98 municipalities with what a map of integration councils needs, in three SQL statements. */
export async function municipalityMap(strapi: Core.Strapi): Promise<MunicipalityMapEntry[]> {
  const [municipalities, partnerships, caseStories] = await Promise.all([
    strapi.db.query(MUNICIPALITY).findMany({ orderBy: { code: 'asc' } }),
    publishedCountsByMunicipality(strapi, PARTNERSHIP),
    publishedCountsByMunicipality(strapi, CASE_STORY),
  ]);
  type Row = {
    id: number;
    documentId: string;
    code: string;
    name: string;
    region: string | null;
    latitude: number | string | null;
    longitude: number | string | null;
    hasIntegrationCouncil: unknown;
    integrationCouncilUrl: string | null;
  };
  return (municipalities as Row[]).map((m) => ({
    documentId: m.documentId,
    code: m.code,
    name: m.name,
    region: m.region ?? null,
    latitude: m.latitude === null ? null : Number(m.latitude),
    longitude: m.longitude === null ? null : Number(m.longitude),
    hasIntegrationCouncil: Boolean(m.hasIntegrationCouncil),
    integrationCouncilUrl: m.integrationCouncilUrl ?? null,
    partnershipCount: partnerships.get(m.id) ?? 0,
    caseStoryCount: caseStories.get(m.id) ?? 0,
  }));
}

/** Query.municipalityMap: the "Danmarkskort" of integration councils in one request. */
export function registerMunicipalityMap(strapi: Core.Strapi): void {
  // The counts read the published partnerships and case stories.
  responseCache(strapi).declareTypeDependencies('MunicipalityMapEntry', [MUNICIPALITY, PARTNERSHIP, CASE_STORY]);
  const extension = strapi.plugin('graphql').service('extension');
  extension.use(({ nexus }: { nexus: Nexus }) => ({
    types: [
      nexus.objectType({
        name: 'MunicipalityMapEntry',
        description: 'A municipality on the map of integration councils, with counts of its published content.',
        definition(t) {
          t.nonNull.id('documentId');
          t.nonNull.string('code', { description: 'Official 3-digit municipality code (kommunekode)' });
          t.nonNull.string('name');
          t.field('region', { type: 'ENUM_MUNICIPALITY_REGION' });
          t.float('latitude');
          t.float('longitude');
          t.nonNull.boolean('hasIntegrationCouncil');
          t.string('integrationCouncilUrl');
          t.nonNull.int('partnershipCount', { description: 'Published partnerships in the municipality (documents, not locales)' });
          t.nonNull.int('caseStoryCount', { description: 'Published case stories in the municipality (documents, not locales)' });
        },
      }),
      nexus.extendType({
        type: 'Query',
        definition(t) {
          t.nonNull.list.nonNull.field('municipalityMap', {
            type: 'MunicipalityMapEntry',
            description: 'Every municipality with code, name, region, coordinates, integration council and counts of published partnerships and case stories.',
            resolve: () => municipalityMap(strapi),
          });
        },
      }),
    ],
    resolversConfig: { 'Query.municipalityMap': { auth: { scope: [`${MUNICIPALITY}.find`] } } },
  }));
}
