import { CSP_DEFAULTS } from '@strapi/utils';
import { previewSettings } from '../preview/preview';
import { envList } from '../utils/env-switch';
import { s3Origins, s3Settings } from './s3';

/**
 * Cross-origin access. Browsers on other origins may call the API only when CORS_ORIGINS lists
 * their origin (then with credentials), or when it is `*` (any origin, never with credentials).
 * Unset, no other origin may: the admin and the reference site are served from this origin and
 * need no CORS; a frontend's server calls the API without a browser's CORS check.
 */
export type CorsSettings = { origins: string[] | '*'; credentials: boolean };

export function corsSettings(env: NodeJS.ProcessEnv = process.env): CorsSettings {
  const listed = envList('CORS_ORIGINS', env);
  if (listed.includes('*')) {
    if (listed.length > 1) throw new Error('CORS_ORIGINS: `*` allows every origin and cannot be combined with a list');
    return { origins: '*', credentials: false };
  }
  const origins = originList(listed, 'CORS_ORIGINS');
  return { origins, credentials: origins.length > 0 };
}

/**
 * The allowed origin for a request's Origin header, or '' when there is none or it is not allowed.
 * @koa/cors sets no CORS header at all for a falsy origin (it only adds `Vary: Origin`).
 */
export function allowedOrigin(settings: CorsSettings, requestOrigin: string): string {
  if (!requestOrigin) return '';
  if (settings.origins === '*') return '*';
  return settings.origins.includes(requestOrigin) ? requestOrigin : '';
}

/** Options for @koa/cors: the global CORS (strapi::cors, plain @koa/cors by production-guards' `strictCors`) and the GraphQL route's own. */
export function koaCorsOptions(settings: CorsSettings) {
  return {
    origin: (ctx: { get(name: string): string }) => allowedOrigin(settings, ctx.get('Origin')),
    credentials: settings.credentials,
    maxAge: 600,
    keepHeadersOnError: true,
  };
}

/** The bare origins (https://host[:port]) listed in the env variable `name`, each checked. */
function originList(listed: string[], name: string): string[] {
  return listed.map((origin) => {
    let url: URL | null = null;
    try {
      url = new URL(origin);
    } catch {
      // reported below
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin.replace(/\/$/, '')) {
      throw new Error(`${name}: "${origin}" must be a bare origin (scheme, host and port, no path), such as https://www.example.dk`);
    }
    return url.origin;
  });
}

/**
 * The Content-Security-Policy directives added to Strapi's defaults (helmet's `default-src 'self'`,
 * `script-src 'self'`, `object-src 'none'`, `frame-ancestors 'self'` …): uploaded files served from
 * an S3 bucket or CDN, images and media from the origins in CSP_MEDIA_ORIGINS, and the preview
 * frontend that the admin shows in a frame.
 */
export function cspDirectives(env: NodeJS.ProcessEnv = process.env): Record<string, string[] | null> {
  const files = [...s3Origins(s3Settings(env)), ...originList(envList('CSP_MEDIA_ORIGINS', env), 'CSP_MEDIA_ORIGINS')];
  const preview = previewSettings(env);
  return {
    'connect-src': [...CSP_DEFAULTS['connect-src']],
    'img-src': [...CSP_DEFAULTS['img-src'], ...files],
    'media-src': [...CSP_DEFAULTS['media-src'], ...files],
    'frame-src': ["'self'", ...(preview ? [new URL(preview.url).origin] : [])],
    upgradeInsecureRequests: null,
  };
}
