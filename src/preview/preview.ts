import crypto from 'crypto';
import type { Core, UID } from '@strapi/strapi';
import { isPageType, pageTypeName } from '../page-types';

export type PreviewClaims = { type: string; documentId: string; locale: string | null; status: 'draft' | 'published'; exp: number };

const base64url = (value: Buffer | string) => Buffer.from(value).toString('base64url');
const signature = (payload: string, secret: string) => crypto.createHmac('sha256', secret).update(payload).digest('base64url');

/** `<payload>.<signature>`: base64url JSON claims, HMAC-SHA256 with PREVIEW_SECRET. */
export function signPreviewToken(claims: Omit<PreviewClaims, 'exp'>, secret: string, ttlSeconds: number, now = Date.now()): string {
  const payload = base64url(JSON.stringify({ ...claims, exp: Math.floor(now / 1000) + ttlSeconds }));
  return `${payload}.${signature(payload, secret)}`;
}

/** The claims of a valid, unexpired token, or null. What a frontend does with PREVIEW_SECRET. */
export function verifyPreviewToken(token: string, secret: string, now = Date.now()): PreviewClaims | null {
  const [payload, given, extra] = String(token).split('.');
  if (!payload || !given || extra !== undefined) return null;
  const expected = Buffer.from(signature(payload, secret));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !crypto.timingSafeEqual(expected, actual)) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as PreviewClaims;
    return typeof claims.exp === 'number' && claims.exp * 1000 > now ? claims : null;
  } catch {
    return null;
  }
}

export type PreviewSettings = { url: string; secret: string; ttlSeconds: number } | null;

/** PREVIEW_URL turns preview on; it then needs PREVIEW_SECRET. Throws a clear message otherwise. */
export function previewSettings(env: NodeJS.ProcessEnv): PreviewSettings {
  const url = env.PREVIEW_URL?.trim();
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http(s)');
  } catch {
    throw new Error(`PREVIEW_URL="${url}" must be an http(s) URL, such as https://www.example.dk/preview`);
  }
  const secret = env.PREVIEW_SECRET?.trim() ?? '';
  if (secret.length < 16 || secret.startsWith('change-me')) {
    throw new Error('PREVIEW_URL is set, so PREVIEW_SECRET must be set too: a random value of 16 characters or more, shared with the frontend');
  }
  const ttl = Number(env.PREVIEW_TOKEN_TTL ?? 600);
  if (!Number.isInteger(ttl) || ttl < 10) throw new Error(`PREVIEW_TOKEN_TTL="${env.PREVIEW_TOKEN_TTL}" must be a whole number of seconds, 10 or more`);
  return { url, secret, ttlSeconds: ttl };
}

/**
 * Strapi 5's preview (config/admin.ts): the admin's preview button opens
 * `PREVIEW_URL?type=…&documentId=…&slug=…&locale=…&status=…&token=…`. The token is signed and
 * expires; the frontend checks it with PREVIEW_SECRET and then reads the draft over GraphQL with
 * its own read-only API token. Without PREVIEW_URL there is no preview button.
 */
export function previewConfig(env: NodeJS.ProcessEnv) {
  const settings = previewSettings(env);
  if (!settings) return { enabled: false };
  return {
    enabled: true,
    config: {
      allowedOrigins: [new URL(settings.url).origin],
      async handler(uid: string, { documentId, locale, status }: { documentId: string; locale?: string | null; status?: 'draft' | 'published' }) {
        // Only the page types have a page of their own to preview.
        if (!isPageType(uid)) return null;
        const type = pageTypeName(uid);
        const document = (await strapi.documents(uid as UID.ContentType).findOne({ documentId, locale: locale ?? undefined, status: status ?? 'draft', fields: ['slug'] } as never)) as {
          slug?: string;
        } | null;
        if (!document) return null;
        const claims = { type, documentId, locale: locale ?? null, status: status ?? 'draft' } as const;
        const url = new URL(settings.url);
        url.searchParams.set('type', type);
        url.searchParams.set('documentId', documentId);
        url.searchParams.set('slug', document.slug ?? '');
        if (locale) url.searchParams.set('locale', locale);
        url.searchParams.set('status', claims.status);
        url.searchParams.set('token', signPreviewToken(claims, settings.secret, settings.ttlSeconds));
        return url.toString();
      },
    },
  };
}

declare const strapi: Core.Strapi;
