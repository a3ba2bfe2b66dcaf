/**
 * Purging a CDN by cache tag, for each change event: the tags of the event (`data.tags`, the
 * same tags the answers carry in `Cache-Tag` / `Surrogate-Key`). One provider per app.
 */
export type PurgeConfig =
  | {
      provider: 'fastly';
      serviceId: string;
      apiToken: string;
      /** Marks content stale instead of removing it (Fastly serves stale while it revalidates). */
      soft?: boolean;
      /** The API's base URL (a proxy, a test server). */
      apiUrl?: string;
    }
  | { provider: 'cloudflare'; zoneId: string; apiToken: string; apiUrl?: string }
  | {
      provider: 'varnish';
      /** Every Varnish server to purge (each gets the request). */
      urls: string[];
      /** PURGE (vmod xkey's convention, the default) or BAN, as the VCL expects. */
      method?: 'PURGE' | 'BAN';
      /** The header that carries the tags, space-separated (default `xkey-purge`; `xkey-softpurge` for a soft purge). */
      header?: string;
    };

export const PURGE_PROVIDERS = ['fastly', 'cloudflare', 'varnish'] as const;

/** One HTTP request of a purge. */
export type PurgeRequest = { url: string; method: string; headers: Record<string, string>; body: string | null };

/** Cloudflare takes at most 30 tags per purge request. */
const CLOUDFLARE_TAGS_PER_REQUEST = 30;
/** Fastly takes at most 256 surrogate keys per batch purge. */
const FASTLY_KEYS_PER_REQUEST = 256;

const chunks = <T>(items: T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));
const trimmed = (url: string) => url.replace(/\/+$/, '');

/** Where purges go: the provider's purge API, or every Varnish server. */
export function purgeUrls(config: PurgeConfig): string[] {
  switch (config.provider) {
    case 'fastly':
      return [`${trimmed(config.apiUrl ?? 'https://api.fastly.com')}/service/${encodeURIComponent(config.serviceId)}/purge`];
    case 'cloudflare':
      return [`${trimmed(config.apiUrl ?? 'https://api.cloudflare.com/client/v4')}/zones/${encodeURIComponent(config.zoneId)}/purge_cache`];
    case 'varnish':
      return config.urls;
  }
}

/** The requests that purge these tags (none for no tags). */
export function purgeRequests(config: PurgeConfig, tags: string[]): PurgeRequest[] {
  if (tags.length === 0) return [];
  const [url] = purgeUrls(config);
  switch (config.provider) {
    case 'fastly':
      // https://www.fastly.com/documentation/reference/api/purging/#bulk-purge-tag
      return chunks(tags, FASTLY_KEYS_PER_REQUEST).map((keys) => ({
        url,
        method: 'POST',
        headers: { 'fastly-key': config.apiToken, accept: 'application/json', 'content-type': 'application/json', ...(config.soft ? { 'fastly-soft-purge': '1' } : {}) },
        body: JSON.stringify({ surrogate_keys: keys }),
      }));
    case 'cloudflare':
      // https://developers.cloudflare.com/api/resources/cache/methods/purge/
      return chunks(tags, CLOUDFLARE_TAGS_PER_REQUEST).map((part) => ({
        url,
        method: 'POST',
        headers: { authorization: `Bearer ${config.apiToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ tags: part }),
      }));
    case 'varnish':
      // vmod xkey: a PURGE (or BAN) whose header lists the keys, handled by the VCL.
      return config.urls.map((server) => ({ url: server, method: config.method ?? 'PURGE', headers: { [config.header ?? 'xkey-purge']: tags.join(' ') }, body: null }));
  }
}

/** Why a purge configuration is unusable, or null. */
export function purgeProblem(config: unknown): string | null {
  if (!config || typeof config !== 'object') return 'must be an object with a provider';
  const given = config as Record<string, unknown>;
  const text = (key: string) => typeof given[key] === 'string' && (given[key] as string).trim() !== '';
  const url = (value: unknown) => {
    try {
      return ['http:', 'https:'].includes(new URL(String(value)).protocol);
    } catch {
      return false;
    }
  };
  const known: Record<string, string[]> = {
    fastly: ['provider', 'serviceId', 'apiToken', 'soft', 'apiUrl'],
    cloudflare: ['provider', 'zoneId', 'apiToken', 'apiUrl'],
    varnish: ['provider', 'urls', 'method', 'header'],
  };
  const keys = known[given.provider as string];
  if (!keys) return `provider must be one of ${PURGE_PROVIDERS.join(', ')}, not ${JSON.stringify(given.provider)}`;
  const unknown = Object.keys(given).filter((key) => !keys.includes(key));
  if (unknown.length > 0) return `unknown option ${unknown.join(', ')} for ${given.provider}; the options are ${keys.join(', ')}`;
  if (given.apiUrl !== undefined && !url(given.apiUrl)) return 'apiUrl must be an http(s) URL';
  if (given.provider === 'fastly' && (!text('serviceId') || !text('apiToken'))) return 'fastly needs serviceId and apiToken';
  if (given.provider === 'fastly' && given.soft !== undefined && typeof given.soft !== 'boolean') return 'soft must be true or false';
  if (given.provider === 'cloudflare' && (!text('zoneId') || !text('apiToken'))) return 'cloudflare needs zoneId and apiToken';
  if (given.provider === 'varnish') {
    if (!Array.isArray(given.urls) || given.urls.length === 0 || !given.urls.every(url)) return 'varnish needs urls: a list of http(s) URLs of the Varnish servers';
    if (given.method !== undefined && given.method !== 'PURGE' && given.method !== 'BAN') return 'method must be PURGE or BAN';
    if (given.header !== undefined && !(typeof given.header === 'string' && /^[A-Za-z0-9-]+$/.test(given.header))) return 'header must be a header name';
  }
  return null;
}
