import fs from 'fs';
import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import mime from 'mime-types';
import { routePath } from '../utils/route-path';

type UploadedFile = { originalFilename?: string | null; mimetype?: string | null; filepath: string };

/** The first bytes of the binary types the media library accepts, so a disguised file is caught. */
const SIGNATURES: Record<string, (head: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => b.subarray(0, 4).toString('latin1') === 'GIF8',
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'image/avif': (b) => b.subarray(4, 12).toString('latin1').startsWith('ftypavi'),
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
};

const UPLOAD_PATHS = new Set(['/upload', '/api/upload']);

/**
 * Strapi's upload plugin checks a file's type by its content when it can recognise it, and
 * otherwise believes the type the client declared: an HTML page sent as `image/png`, or named
 * `side.html`, would be stored and later served by its extension. Before the plugin sees an
 * upload, this checks that the file name's extension names an allowed type, that the declared
 * type agrees with it, and that images and PDFs start as such files do. A refusal is a 400 that
 * names the file; nothing is stored.
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) =>
  async (ctx: Context, next: Next) => {
    if (ctx.method !== 'POST' || !UPLOAD_PATHS.has(routePath(ctx.path))) return next();
    const files = (ctx.request as unknown as { files?: { files?: UploadedFile | UploadedFile[] } }).files?.files;
    if (!files) return next();
    const security = strapi.config.get('plugin::upload.security', {}) as { allowedTypes?: string[]; deniedTypes?: string[] };
    for (const file of Array.isArray(files) ? files : [files]) {
      const name = file.originalFilename ?? '';
      const byExtension = mime.lookup(name) || null;
      const declared = (file.mimetype ?? '').toLowerCase();
      const problem =
        !byExtension || security.deniedTypes?.includes(byExtension) || (security.allowedTypes && !security.allowedTypes.includes(byExtension))
          ? `the extension of "${name}" is not an allowed file type`
          : declared && declared !== 'application/octet-stream' && declared !== byExtension
            ? `"${name}" is declared as ${declared} but named as ${byExtension}`
            : SIGNATURES[byExtension] && !SIGNATURES[byExtension](await head(file.filepath))
              ? `"${name}" is not a ${byExtension} file`
              : null;
      if (problem) {
        ctx.status = 400;
        ctx.body = { data: null, error: { status: 400, name: 'ValidationError', message: `File type not allowed: ${problem}`, details: { fileName: name } } };
        return;
      }
    }
    return next();
  };

async function head(filepath: string): Promise<Buffer> {
  const handle = await fs.promises.open(filepath, 'r');
  try {
    const buffer = Buffer.alloc(16);
    const { bytesRead } = await handle.read(buffer, 0, 16, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
