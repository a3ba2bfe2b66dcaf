/**
 * A part of a document's text: an attribute (text, rich text or blocks), or a component attribute
 * (repeatable or not) with the attributes of the component to read from each of its entries.
 */
export type TextPart = string | { component: string; fields: string[] };

/** One content type searched: its published documents, one index entry per locale. */
export type SearchTypeConfig = {
  /** The content type's UID (`api::case-story.case-story`). */
  contentType: string;
  /** Its member of the GraphQL enum `SearchType` (`case_story`): lower-case letters, digits and `_`. */
  name: string;
  /** The attribute hits are titled with; it weighs most. */
  title: string;
  /** The text that weighs second (a lead, a summary). */
  summary: TextPart[];
  /** Every other text a reader sees, weighing least. */
  body: TextPart[];
  /** The attribute holding the URL slug hits link with; none when left out. */
  slug?: string;
};

/** The plugin's configuration (`config/plugins` of the app, key `search`). */
export type SearchConfig = {
  /** The content types searched (the members of the GraphQL enum `SearchType`, in this order). None: no `search` query. */
  types: SearchTypeConfig[];
  /** PostgreSQL's text search configuration (stemming) per locale (`{ da: 'danish' }`); `simple` for the rest. */
  textSearchConfigs: Record<string, string>;
  /** The longest query accepted, in characters. */
  maxQueryLength: number;
  /** Hits per page when a query gives no page size, and the most it may ask for. */
  defaultPageSize: number;
  maxPageSize: number;
};

export const defaults: SearchConfig = {
  types: [],
  textSearchConfigs: {},
  maxQueryLength: 200,
  defaultPageSize: 10,
  maxPageSize: 100,
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isAttribute = (value: unknown) => typeof value === 'string' && /^[A-Za-z_][\w]*$/.test(value);
const isLocale = (value: unknown) => typeof value === 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value);
const isWholeNumber = (value: unknown, min: number, max: number) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

function partProblem(part: unknown, where: string): string | null {
  if (isAttribute(part)) return null;
  if (isObject(part) && isAttribute(part.component) && Array.isArray(part.fields) && part.fields.length > 0 && part.fields.every(isAttribute)) return null;
  return `${where} must be an attribute name or { component, fields: [attribute names] }, not ${JSON.stringify(part)}`;
}

/** What is wrong with a configuration, or null. Checked when Strapi loads the plugin; the attributes themselves at its start. */
export function configProblem(config: unknown): string | null {
  if (!isObject(config)) return 'the configuration must be an object';
  const { types, textSearchConfigs, maxQueryLength, defaultPageSize, maxPageSize } = config as Partial<SearchConfig>;
  if (!Array.isArray(types)) return 'types must be a list of { contentType, name, title, summary, body }';
  const names = new Set<string>();
  const uids = new Set<string>();
  for (const [index, type] of types.entries()) {
    const where = `types[${index}]`;
    if (!isObject(type)) return `${where} must be an object`;
    if (typeof type.contentType !== 'string' || !/^[a-z]+::[\w-]+\.[\w-]+$/.test(type.contentType))
      return `${where}.contentType must be a content type UID (api::name.name), not ${JSON.stringify(type.contentType)}`;
    if (uids.has(type.contentType)) return `${where}.contentType ${type.contentType} is listed twice`;
    uids.add(type.contentType);
    if (typeof type.name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(type.name))
      return `${where}.name must be lower-case letters, digits and _ (a GraphQL enum member), not ${JSON.stringify(type.name)}`;
    if (names.has(type.name)) return `${where}.name ${type.name} is used twice`;
    names.add(type.name);
    if (!isAttribute(type.title)) return `${where}.title must be an attribute name`;
    if (type.slug !== undefined && !isAttribute(type.slug)) return `${where}.slug must be an attribute name`;
    for (const key of ['summary', 'body'] as const) {
      if (!Array.isArray(type[key])) return `${where}.${key} must be a list of text parts`;
      for (const [at, part] of (type[key] as unknown[]).entries()) {
        const problem = partProblem(part, `${where}.${key}[${at}]`);
        if (problem) return problem;
      }
    }
  }
  if (!isObject(textSearchConfigs)) return 'textSearchConfigs must map locales to PostgreSQL text search configurations';
  for (const [locale, name] of Object.entries(textSearchConfigs)) {
    if (!isLocale(locale)) return `textSearchConfigs: ${JSON.stringify(locale)} is no locale code`;
    if (typeof name !== 'string' || !/^[a-z_]+$/.test(name)) return `textSearchConfigs.${locale} must name a text search configuration (danish, english, simple …), not ${JSON.stringify(name)}`;
  }
  if (!isWholeNumber(maxQueryLength, 1, 10000)) return 'maxQueryLength must be a whole number of characters, 1 to 10000';
  if (!isWholeNumber(maxPageSize, 1, 1000)) return 'maxPageSize must be a whole number, 1 to 1000';
  if (!isWholeNumber(defaultPageSize, 1, maxPageSize as number)) return 'defaultPageSize must be a whole number, 1 to maxPageSize';
  return null;
}

export default {
  default: defaults,
  validator(config: unknown) {
    const problem = configProblem(config);
    if (problem) throw new Error(`search: ${problem}`);
  },
};
