import type { Core } from '@strapi/strapi';

type Env = Core.Config.Shared.ConfigParams['env'];

/** The largest file accepted, in bytes (UPLOAD_MAX_BYTES, 20 MB by default). */
export const uploadMaxBytes = (env: Env): number => env.int('UPLOAD_MAX_BYTES', 20 * 1024 * 1024);

/**
 * What the media library accepts: images (no SVG: it can carry scripts), PDF and office
 * documents for attachments and agreements, audio and video. A file's extension must name one of
 * them, and its declared type and its content (magic bytes) must agree with it
 * (plugins/production-guards/server/src/uploads/file-check.ts); UPLOAD_ALLOWED_TYPES replaces the list.
 */
export const DEFAULT_ALLOWED_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/webp',
  'image/avif',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text',
  'audio/mpeg',
  'video/mp4',
  'video/webm',
];

/** UPLOAD_ALLOWED_TYPES when it names any type, else the default list (an empty value in .env too). */
export const uploadAllowedTypes = (env: Env): string[] => {
  const listed = env
    .array('UPLOAD_ALLOWED_TYPES', [])
    .map((type) => String(type).trim().toLowerCase())
    .filter(Boolean);
  return listed.length > 0 ? listed : DEFAULT_ALLOWED_TYPES;
};

/** Never accepted, whatever UPLOAD_ALLOWED_TYPES says: types a browser runs as code. */
export const DENIED_TYPES = [
  'image/svg+xml',
  'text/html',
  'application/xhtml+xml',
  'text/xml',
  'application/xml',
  'application/javascript',
  'text/javascript',
  'application/x-msdownload',
  'application/x-sh',
];
