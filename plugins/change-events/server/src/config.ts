import { EVENT_TYPES, type EventType } from './events/model';
import { purgeProblem, type PurgeConfig } from './delivery/purge';

/** The delivery log's name of the CDN purge: not a name an endpoint may take. */
export const PURGE_ENDPOINT = 'cdn-purge';

/** One receiver of change events. */
export type EndpointConfig = {
  /** Its name in the delivery log and the admin (letters, digits, - and _). Renaming it starts a new log. */
  name: string;
  /** Where events are POSTed: http(s), no credentials in it. */
  url: string;
  /** The Standard Webhooks signing secret: `whsec_` and 24 to 64 random bytes in base64. */
  secret: string;
  /** The event types it receives (all when left out). */
  events?: EventType[];
  /** The content types it receives events of: UIDs or `api::*` (all of `contentTypes` when left out). */
  contentTypes?: string[];
};

export type DeliverySettings = {
  /** How often each instance looks for due deliveries (a change on this instance is sent at once). */
  pollIntervalMs: number;
  /** The longest one delivery may take, connection to response. */
  timeoutMs: number;
  /** A receiver's response body is read up to this many bytes (then the connection is dropped). */
  maxResponseBytes: number;
  /** The first retry waits this long; each next waits twice as long as the one before … */
  initialBackoffMs: number;
  /** … up to this. */
  maxBackoffMs: number;
  /** A delivery is retried for this long after its event, then marked failed (a replay gives it this long again). */
  retryForMs: number;
  /** Deliveries claimed at once by one instance (to different documents: one document's go out one at a time). */
  batchSize: number;
  /** Delivered and failed deliveries are kept in the log this long after their event. */
  keepLogMs: number;
  /**
   * Deliveries to loopback, private, link-local and other non-public addresses (SSRF). Off by
   * default (an app turns it on for endpoints on its own network, as this app does outside
   * production); checked when the connection is made, so a name that resolves to such an address
   * is refused too.
   */
  allowPrivateAddresses: boolean;
};

/** The plugin's configuration (`config/plugins` of the app, key `change-events`). */
export type ChangeEventsConfig = {
  /** Receivers; none (and no purge): no event is recorded at all. */
  endpoints: EndpointConfig[];
  /** A CDN purged by the cache tags of every change (Fastly, Cloudflare, Varnish), through the same outbox and log; null: none. */
  purge: PurgeConfig | null;
  /** Content types whose changes are events: UIDs, or `api::*` for every content type of the app's APIs. */
  contentTypes: string[];
  /** The attribute that holds a document's URL slug (events carry current and previous slugs per locale); absent in a type: no slugs. */
  slugField: string;
  delivery: DeliverySettings;
};

const KEYS: ReadonlyArray<keyof ChangeEventsConfig> = ['endpoints', 'purge', 'contentTypes', 'slugField', 'delivery'];
const DELIVERY_KEYS: ReadonlyArray<keyof DeliverySettings> = [
  'pollIntervalMs',
  'timeoutMs',
  'maxResponseBytes',
  'initialBackoffMs',
  'maxBackoffMs',
  'retryForMs',
  'batchSize',
  'keepLogMs',
  'allowPrivateAddresses',
];
const ENDPOINT_KEYS: ReadonlyArray<keyof EndpointConfig> = ['name', 'url', 'secret', 'events', 'contentTypes'];

export const defaultDelivery = (): DeliverySettings => ({
  pollIntervalMs: 1000,
  timeoutMs: 10_000,
  maxResponseBytes: 64 * 1024,
  initialBackoffMs: 1000,
  maxBackoffMs: 60 * 60 * 1000,
  retryForMs: 24 * 60 * 60 * 1000,
  batchSize: 20,
  keepLogMs: 30 * 24 * 60 * 60 * 1000,
  allowPrivateAddresses: false,
});

const UID = /^(api::\*|[a-z]+::[\w-]+\.[\w-]+)$/;

function unknownKeys(given: Record<string, unknown>, known: readonly string[], where: string): void {
  const unknown = Object.keys(given).filter((key) => !known.includes(key));
  if (unknown.length > 0) throw new Error(`unknown option ${unknown.map((key) => `${where}${key}`).join(', ')}; the options are ${known.map((key) => `${where}${key}`).join(', ')}`);
}

const isObject = (value: unknown): value is Record<string, unknown> => Boolean(value) && typeof value === 'object' && !Array.isArray(value);
const wholeNumber = (value: unknown, min: number) => Number.isInteger(value) && (value as number) >= min;

/** Why a signing secret is unusable, or null. */
export function secretProblem(secret: unknown): string | null {
  if (typeof secret !== 'string' || !secret.startsWith('whsec_')) return 'must start with whsec_';
  const key = secret.slice('whsec_'.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || key.length % 4 !== 0) return 'must be whsec_ followed by base64';
  const bytes = Buffer.from(key, 'base64').length;
  if (bytes < 24 || bytes > 64) return `must hold 24 to 64 random bytes, not ${bytes}`;
  return null;
}

/** A URL as the delivery log may show it: no credentials, no query (which may hold a token). */
export function shownUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}

function checkEndpoint(endpoint: unknown, index: number, names: Set<string>): void {
  const where = `endpoints[${index}]`;
  if (!isObject(endpoint)) throw new Error(`${where} must be an object with name, url and secret`);
  unknownKeys(endpoint, ENDPOINT_KEYS, `${where}.`);
  const { name, url, secret, events, contentTypes } = endpoint;
  if (typeof name !== 'string' || !/^[\w-]{1,100}$/.test(name)) throw new Error(`${where}.name must be 1 to 100 letters, digits, - or _, not ${JSON.stringify(name)}`);
  if (name === PURGE_ENDPOINT) throw new Error(`${where}.name ${name} is the CDN purge's name in the delivery log: choose another`);
  if (names.has(name)) throw new Error(`${where}.name ${name} is used twice: each endpoint needs a name of its own`);
  names.add(name);
  let parsed: URL;
  try {
    parsed = new URL(String(url));
  } catch {
    throw new Error(`endpoint ${name}: url must be an http(s) URL, not ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`endpoint ${name}: url must be http or https, not ${parsed.protocol}`);
  if (parsed.username || parsed.password) throw new Error(`endpoint ${name}: url must not hold credentials (receivers check the signature)`);
  const problem = secretProblem(secret);
  if (problem) {
    throw new Error(`endpoint ${name}: the secret ${problem}. Make one with: node -e "console.log('whsec_' + require('crypto').randomBytes(32).toString('base64'))"`);
  }
  if (events !== undefined && (!Array.isArray(events) || events.length === 0 || events.some((type) => !EVENT_TYPES.includes(type)))) {
    throw new Error(`endpoint ${name}: events must be a non-empty list of ${EVENT_TYPES.join(', ')}, not ${JSON.stringify(events)}`);
  }
  if (contentTypes !== undefined && (!Array.isArray(contentTypes) || contentTypes.length === 0 || contentTypes.some((uid) => typeof uid !== 'string' || !UID.test(uid)))) {
    throw new Error(`endpoint ${name}: contentTypes must be a non-empty list of content-type UIDs or 'api::*', not ${JSON.stringify(contentTypes)}`);
  }
}

/** The configuration as Strapi holds it: `contentTypes` may be left out. */
export type GivenConfig = Omit<ChangeEventsConfig, 'contentTypes'> & { contentTypes?: string[] };

/**
 * The configuration with `contentTypes` filled in when it was left out (every content type of the
 * app's APIs). It has no default in `default()`: Strapi merges an app's configuration into a
 * plugin's defaults with lodash's `defaultsDeep`, which merges lists index by index, so an app's
 * `[]` came back as `['api::*']`.
 */
export const readConfig = (strapi: { config: { get(path: string): unknown } }): ChangeEventsConfig => {
  const given = strapi.config.get('plugin::change-events') as GivenConfig;
  return { ...given, contentTypes: given.contentTypes ?? ['api::*'] };
};

export default {
  default: (): GivenConfig => ({
    endpoints: [],
    purge: null,
    slugField: 'slug',
    delivery: defaultDelivery(),
  }),
  validator(config: unknown): void {
    if (!isObject(config)) throw new Error('the configuration must be an object');
    unknownKeys(config, KEYS, '');
    const { endpoints, purge, contentTypes, slugField, delivery } = config;
    if (purge !== null) {
      const problem = purgeProblem(purge);
      if (problem) throw new Error(`purge: ${problem}`);
    }
    if (!Array.isArray(endpoints)) throw new Error(`endpoints must be a list, not ${JSON.stringify(endpoints)}`);
    const names = new Set<string>();
    endpoints.forEach((endpoint, index) => checkEndpoint(endpoint, index, names));
    if (contentTypes !== undefined && (!Array.isArray(contentTypes) || contentTypes.some((uid) => typeof uid !== 'string' || !UID.test(uid)))) {
      throw new Error(`contentTypes must be a list of content-type UIDs (api::article.article) or 'api::*', not ${JSON.stringify(contentTypes)}`);
    }
    if (typeof slugField !== 'string' || !/^\w+$/.test(slugField)) throw new Error(`slugField must be an attribute name, not ${JSON.stringify(slugField)}`);
    if (!isObject(delivery)) throw new Error('delivery must be an object');
    unknownKeys(delivery, DELIVERY_KEYS, 'delivery.');
    const minimums: Array<[keyof DeliverySettings, number]> = [
      ['pollIntervalMs', 50],
      ['timeoutMs', 100],
      ['maxResponseBytes', 0],
      ['initialBackoffMs', 10],
      ['maxBackoffMs', 10],
      ['retryForMs', 0],
      ['batchSize', 1],
      ['keepLogMs', 0],
    ];
    for (const [key, min] of minimums) {
      if (!wholeNumber(delivery[key], min)) throw new Error(`delivery.${key} must be a whole number of ${min} or more, not ${JSON.stringify(delivery[key])}`);
    }
    if ((delivery.maxBackoffMs as number) < (delivery.initialBackoffMs as number)) throw new Error('delivery.maxBackoffMs must not be less than delivery.initialBackoffMs');
    if (typeof delivery.allowPrivateAddresses !== 'boolean') throw new Error(`delivery.allowPrivateAddresses must be true or false, not ${JSON.stringify(delivery.allowPrivateAddresses)}`);
  },
};
