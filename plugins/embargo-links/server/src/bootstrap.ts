import type { Core } from '@strapi/strapi';
import type { EmbargoLinksConfig } from './config';
import { linksService } from './services';

type Attribute = { type: string; component?: string; repeatable?: boolean; target?: string };
type Schema = { attributes: Record<string, Attribute>; options?: { draftAndPublish?: boolean } };

/** What is wrong with the configured content type and attributes, or null. */
export function schemaProblem(config: EmbargoLinksConfig, schemaOf: (uid: string) => Schema | undefined): string | null {
  const { contentType, fields } = config;
  const schema = schemaOf(contentType);
  if (!schema) return `contentType ${contentType} does not exist`;
  if (!schema.options?.draftAndPublish) return `${contentType} has no drafts: there is nothing under embargo to link to`;
  const attribute = (uid: string, name: string, types: string[], where: string) => {
    const found = schemaOf(uid)?.attributes[name];
    if (!found) return `${where} names ${name}, which ${uid} does not have`;
    if (!types.includes(found.type)) return `${where} names ${name}, a ${found.type}; it must be ${types.join(' or ')}`;
    return null;
  };
  const checks = [
    attribute(contentType, fields.title, ['string', 'text', 'uid'], 'fields.title'),
    attribute(contentType, fields.releaseDate, ['datetime', 'date'], 'fields.releaseDate'),
    fields.summary ? attribute(contentType, fields.summary, ['string', 'text'], 'fields.summary') : null,
    fields.body ? attribute(contentType, fields.body, ['blocks'], 'fields.body') : null,
  ];
  if (fields.contacts) {
    const relation = attribute(contentType, fields.contacts.relation, ['relation'], 'fields.contacts.relation');
    checks.push(relation);
    const target = schema.attributes[fields.contacts.relation]?.target;
    if (!relation && target) {
      for (const key of ['name', 'role', 'email', 'phone'] as const) {
        const name = fields.contacts[key];
        if (name) checks.push(attribute(target, name, ['string', 'text', 'email'], `fields.contacts.${key}`));
      }
    }
  }
  if (fields.mediaKit) {
    const component = schema.attributes[fields.mediaKit.component];
    if (!component || component.type !== 'component' || !component.repeatable || !component.component)
      checks.push(`fields.mediaKit.component names ${fields.mediaKit.component}, which is not a repeatable component of ${contentType}`);
    else {
      checks.push(attribute(component.component, fields.mediaKit.file, ['media'], 'fields.mediaKit.file'));
      if (fields.mediaKit.title) checks.push(attribute(component.component, fields.mediaKit.title, ['string', 'text'], 'fields.mediaKit.title'));
      if (fields.mediaKit.credit) checks.push(attribute(component.component, fields.mediaKit.credit, ['string', 'text'], 'fields.mediaKit.credit'));
    }
  }
  return checks.find((problem) => problem) ?? null;
}

/** Refuses to start without the tables (the app's migration) or with a configuration its content type does not fit. */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  if (!(await linksService(strapi).tablesExist())) {
    throw new Error(
      "embargo-links: the tables embargo_links and embargo_link_accesses are missing. Add a knex migration to the app's database/migrations that exports require('strapi-plugin-embargo-links/database/tables')."
    );
  }
  const config = strapi.config.get('plugin::embargo-links') as EmbargoLinksConfig;
  const schemaOf = (uid: string) => (strapi.contentTypes[uid as keyof typeof strapi.contentTypes] ?? strapi.components[uid as keyof typeof strapi.components]) as Schema | undefined;
  const problem = schemaProblem(config, schemaOf);
  if (problem) throw new Error(`embargo-links: ${problem}`);
};
