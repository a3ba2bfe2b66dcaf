/** The request a rule runs in, as far as the messages need it (Koa's context). */
export type RequestLike = {
  state?: { user?: unknown; auth?: { strategy?: { name?: string } } };
  get?: (header: string) => string;
  headers?: Record<string, string | string[] | undefined>;
  request?: { path?: string };
};

/** The refusals of the rules, in the language of the request; `field` is an attribute name. */
export type SchedulingMessages = {
  /** A time a save sets that has passed. */
  pastTime(uid: string, field: string, time: Date): string;
  /** An unpublish time not after the publish time; `fields` names their attributes. */
  unpublishNotAfterPublish(uid: string, unpublishAt: Date, publishAt: Date, fields: { unpublishAt: string; publishAt: string }): string;
  /** A publish before the embargo date (`field`) has come; `publishAtField` is the attribute to schedule it with. */
  embargoed(uid: string, field: string, until: Date, publishAtField: string): string;
};

/** The plugin's configuration (`config/plugins` of the app, key `scheduling`). */
export type SchedulingConfig = {
  /** The content types editors schedule: each has the two date-time attributes below (per locale when localized). */
  contentTypes: string[];
  /** The attribute that holds when a draft is to be published … */
  publishAtField: string;
  /** … and when a published version is to be unpublished. */
  unpublishAtField: string;
  /** Per content type, a date-time attribute before whose minute a document cannot be published (a press release's embargo). */
  embargo: Record<string, string>;
  /** The messages of refusals for a request (undefined: no request, a script or the scheduler). English by default. */
  messages: (request: RequestLike | undefined) => SchedulingMessages;
};

const at = (time: Date) => `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The default messages: English, fields by attribute name, times in UTC. */
export const englishMessages: SchedulingMessages = {
  pastTime: (_uid, field, time) => `${field}: ${at(time)} has already passed. Choose a later time, or clear the field.`,
  unpublishNotAfterPublish: (_uid, unpublishAt, publishAt, fields) =>
    `${fields.unpublishAt}: ${at(unpublishAt)} must be after ${fields.publishAt} (${at(publishAt)}). Choose a later time, or clear the field.`,
  embargoed: (_uid, field, until, publishAtField) => `${field}: embargoed until ${at(until)}. Schedule it with ${publishAtField}, or move ${field} to now to publish it at once.`,
};

export const defaults: SchedulingConfig = {
  contentTypes: [],
  publishAtField: 'publishAt',
  unpublishAtField: 'unpublishAt',
  embargo: {},
  messages: () => englishMessages,
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isUid = (value: unknown) => typeof value === 'string' && /^[a-z]+::[\w-]+\.[\w-]+$/.test(value);
const isAttribute = (value: unknown) => typeof value === 'string' && /^[A-Za-z_]\w*$/.test(value);

/** What is wrong with a configuration, or null. Checked when Strapi loads the plugin; the attributes themselves at its start. */
export function configProblem(config: unknown): string | null {
  if (!isObject(config)) return 'the configuration must be an object';
  const { contentTypes, publishAtField, unpublishAtField, embargo, messages } = config as Partial<SchedulingConfig>;
  if (!Array.isArray(contentTypes) || !contentTypes.every(isUid)) return `contentTypes must be a list of content type UIDs (api::name.name), not ${JSON.stringify(contentTypes)}`;
  if (new Set(contentTypes).size !== contentTypes.length) return 'contentTypes lists a type twice';
  if (!isAttribute(publishAtField) || !isAttribute(unpublishAtField) || publishAtField === unpublishAtField) return 'publishAtField and unpublishAtField must be two attribute names';
  if (!isObject(embargo)) return 'embargo must map content type UIDs to a date-time attribute';
  for (const [uid, field] of Object.entries(embargo)) {
    if (!contentTypes.includes(uid)) return `embargo: ${uid} is not one of contentTypes`;
    if (!isAttribute(field) || field === publishAtField || field === unpublishAtField) return `embargo.${uid} must name a date-time attribute other than the schedule's`;
  }
  if (typeof messages !== 'function') return 'messages must be a function of the request, returning the messages';
  return null;
}

type Schema = { attributes: Record<string, { type?: string }>; options?: { draftAndPublish?: boolean } };

/** What is wrong with the configured types against the content model, or null. */
export function modelProblem(config: SchedulingConfig, contentType: (uid: string) => Schema | undefined): string | null {
  for (const uid of config.contentTypes) {
    const schema = contentType(uid);
    if (!schema) return `${uid} is no content type of this app`;
    if (schema.options?.draftAndPublish === false) return `${uid} has no draft and publish: there is nothing to schedule`;
    for (const field of [config.publishAtField, config.unpublishAtField, ...(config.embargo[uid] ? [config.embargo[uid]] : [])]) {
      const type = schema.attributes[field]?.type;
      if (type !== 'datetime') return `${uid}.${field} must be a datetime attribute${type ? `, not ${type}` : ': it has none'}`;
    }
  }
  return null;
}

export default {
  default: defaults,
  validator(config: unknown) {
    const problem = configProblem(config);
    if (problem) throw new Error(`scheduling: ${problem}`);
  },
};
