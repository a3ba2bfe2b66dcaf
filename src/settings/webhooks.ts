import { envInteger, envList, envSwitch } from '../utils/env-switch';

type Endpoint = { name: string; url: string; secret: string; events?: string[]; contentTypes?: string[] };

/** WEBHOOK_ENDPOINTS: a JSON list of endpoints ({ name, url, secret, events?, contentTypes? }), for more than one receiver. */
function endpointList(env: NodeJS.ProcessEnv): Endpoint[] {
  const raw = env.WEBHOOK_ENDPOINTS?.trim();
  if (!raw) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (error) {
    throw new Error(`WEBHOOK_ENDPOINTS must be a JSON list of endpoints ({ "name", "url", "secret", "events"?, "contentTypes"? }): ${(error as Error).message}`, { cause: error });
  }
  if (!Array.isArray(parsed)) throw new Error('WEBHOOK_ENDPOINTS must be a JSON list of endpoints ({ "name", "url", "secret", "events"?, "contentTypes"? })');
  return parsed as Endpoint[];
}

/**
 * The CDN purged by every change's cache tags: CDN_PURGE (fastly, cloudflare or varnish) and the
 * provider's settings; unset: no purge.
 */
function purgeSettings(env: NodeJS.ProcessEnv) {
  const provider = env.CDN_PURGE?.trim().toLowerCase();
  if (!provider) return null;
  const apiUrl = env.CDN_PURGE_API_URL?.trim() || undefined;
  const required = (name: string) => {
    const value = env[name]?.trim();
    if (!value) throw new Error(`CDN_PURGE=${provider} needs ${name}`);
    return value;
  };
  if (provider === 'fastly') {
    return { provider, serviceId: required('FASTLY_SERVICE_ID'), apiToken: required('FASTLY_API_TOKEN'), soft: envSwitch('FASTLY_SOFT_PURGE', false, env), ...(apiUrl ? { apiUrl } : {}) };
  }
  if (provider === 'cloudflare') return { provider, zoneId: required('CLOUDFLARE_ZONE_ID'), apiToken: required('CLOUDFLARE_API_TOKEN'), ...(apiUrl ? { apiUrl } : {}) };
  if (provider === 'varnish') {
    const method = env.VARNISH_PURGE_METHOD?.trim().toUpperCase();
    const header = env.VARNISH_PURGE_HEADER?.trim();
    return { provider, urls: envList('VARNISH_URLS', env), ...(method ? { method } : {}), ...(header ? { header } : {}) };
  }
  throw new Error(`CDN_PURGE must be fastly, cloudflare or varnish, not "${env.CDN_PURGE}"`);
}

/**
 * The change-events plugin's settings (plugins/change-events) from the environment:
 * WEBHOOK_URL and WEBHOOK_SECRET for one receiver (WEBHOOK_EVENTS and WEBHOOK_CONTENT_TYPES
 * filter it), WEBHOOK_ENDPOINTS for several; the plugin checks each (a bad URL or secret stops
 * the boot with its name). CDN_PURGE and its settings: a CDN purged by every change's tags.
 */
export function webhookSettings(env: NodeJS.ProcessEnv = process.env) {
  const endpoints = endpointList(env);
  const url = env.WEBHOOK_URL?.trim();
  const secret = env.WEBHOOK_SECRET?.trim();
  if (url || secret) {
    if (!url || !secret) throw new Error('WEBHOOK_URL and WEBHOOK_SECRET go together: set both (or neither)');
    const events = envList('WEBHOOK_EVENTS', env);
    const contentTypes = envList('WEBHOOK_CONTENT_TYPES', env);
    endpoints.unshift({
      name: env.WEBHOOK_NAME?.trim() || 'site',
      url,
      secret,
      ...(events.length > 0 ? { events } : {}),
      ...(contentTypes.length > 0 ? { contentTypes } : {}),
    });
  }
  const production = (env.NODE_ENV ?? 'development') === 'production';
  return {
    endpoints,
    purge: purgeSettings(env),
    contentTypes: ['api::*'],
    slugField: 'slug',
    delivery: {
      pollIntervalMs: envInteger('WEBHOOK_POLL_MS', 1000, 50, env),
      timeoutMs: envInteger('WEBHOOK_TIMEOUT_MS', 10_000, 100, env),
      maxResponseBytes: 64 * 1024,
      initialBackoffMs: envInteger('WEBHOOK_BACKOFF_INITIAL_MS', 1000, 10, env),
      maxBackoffMs: envInteger('WEBHOOK_BACKOFF_MAX_MS', 60 * 60 * 1000, 10, env),
      // Retried with backoff for a day (then failed, replayable from the admin).
      retryForMs: envInteger('WEBHOOK_RETRY_SECONDS', 24 * 60 * 60, 0, env) * 1000,
      batchSize: envInteger('WEBHOOK_BATCH_SIZE', 20, 1, env),
      keepLogMs: envInteger('WEBHOOK_LOG_DAYS', 30, 0, env) * 24 * 60 * 60 * 1000,
      // Loopback and private networks (SSRF): refused in production unless allowed.
      allowPrivateAddresses: envSwitch('WEBHOOK_ALLOW_PRIVATE_ADDRESSES', !production, env),
    },
  };
}
