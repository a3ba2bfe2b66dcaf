/** Where a document's parts are read from, for the journalist's page. */
export type DocumentFields = {
  title: string;
  /** Plain text under the title. */
  summary?: string;
  /** Rich text (Strapi blocks). */
  body?: string;
  /** The release time: a date-time attribute; the embargo ends then. */
  releaseDate: string;
  /** A relation to people: each shown with name, role, email and phone; only those matching `filters` (filter syntax), when given. */
  contacts?: { relation: string; name: string; role?: string; email?: string; phone?: string; filters?: Record<string, unknown> };
  /** A repeatable component of downloadable files (a media kit). */
  mediaKit?: { component: string; file: string; title?: string; credit?: string };
};

/** The plugin's configuration (`config/plugins` of the app, key `embargo-links`). */
export type EmbargoLinksConfig = {
  /** The content type links are made for (localized, with drafts): a link opens one locale version of one document. */
  contentType: string;
  fields: DocumentFields;
  /** Where this CMS is reached from outside: the links are `{publicUrl}/embargo/{token}`. */
  publicUrl: string;
  /** A new link's expiry, when the editor gives none: this many days after it is made. */
  defaultDays: number;
  /** The furthest a link's expiry may be set. */
  maxDays: number;
};

export const defaults: EmbargoLinksConfig = {
  contentType: 'api::press-release.press-release',
  fields: { title: 'title', releaseDate: 'releaseDate' },
  publicUrl: 'http://localhost:1337',
  defaultDays: 7,
  maxDays: 30,
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isName = (value: unknown) => typeof value === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(value);

/** What is wrong with a configuration, or null. Checked when Strapi loads the plugin. */
export function configProblem(config: unknown): string | null {
  if (!isObject(config)) return 'the configuration must be an object';
  const { contentType, fields, publicUrl, defaultDays, maxDays } = config as Partial<EmbargoLinksConfig>;
  if (typeof contentType !== 'string' || !/^[a-z]+::[\w-]+\.[\w-]+$/.test(contentType)) return `contentType must be a content type UID (api::name.name), not ${JSON.stringify(contentType)}`;
  if (!isObject(fields)) return 'fields must be an object';
  for (const key of ['title', 'releaseDate'] as const) if (!isName(fields[key])) return `fields.${key} must name an attribute`;
  for (const key of ['summary', 'body'] as const) if (fields[key] !== undefined && !isName(fields[key])) return `fields.${key} must name an attribute`;
  if (fields.contacts !== undefined) {
    const contacts = fields.contacts as unknown;
    if (!isObject(contacts) || !isName(contacts.relation) || !isName(contacts.name)) return 'fields.contacts needs relation and name';
    for (const key of ['role', 'email', 'phone']) if (contacts[key] !== undefined && !isName(contacts[key])) return `fields.contacts.${key} must name an attribute`;
    if (contacts.filters !== undefined && !isObject(contacts.filters)) return 'fields.contacts.filters must be a filter object';
  }
  if (fields.mediaKit !== undefined) {
    const kit = fields.mediaKit as unknown;
    if (!isObject(kit) || !isName(kit.component) || !isName(kit.file)) return 'fields.mediaKit needs component and file';
    for (const key of ['title', 'credit']) if (kit[key] !== undefined && !isName(kit[key])) return `fields.mediaKit.${key} must name an attribute`;
  }
  const url = URL.canParse(String(publicUrl)) ? new URL(String(publicUrl)) : null;
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.username || url.password || url.search || url.hash)
    return `publicUrl must be an absolute http(s) URL without credentials, query or fragment, not ${JSON.stringify(publicUrl)}`;
  if (!Number.isInteger(maxDays) || (maxDays as number) < 1 || (maxDays as number) > 365) return 'maxDays must be a whole number of days, 1 to 365';
  if (!Number.isInteger(defaultDays) || (defaultDays as number) < 1 || (defaultDays as number) > (maxDays as number)) return 'defaultDays must be a whole number of days, 1 to maxDays';
  return null;
}

export default {
  default: defaults,
  validator(config: unknown) {
    const problem = configProblem(config);
    if (problem) throw new Error(`embargo-links: ${problem}`);
  },
};
