import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { guardsConfig } from '../config';
import { answerValidationError } from '../http/answers';
import { routePath } from '../http/route-path';
import { checkUploadedFile, refusal, uploadedFiles, uploadSecurity } from './file-check';

/**
 * Strapi's upload plugin checks a file's type by its content when it can recognise it, and
 * otherwise believes the name and the type the client declared: HTML sent as `side.png`, or as
 * `notat.docx`, would be stored and later served. This checks every file of a multipart request to
 * any route of the upload plugin (the admin's `/upload/…` and the content API's `/api/upload/…`,
 * compared as the router does: any letter case, a trailing slash) before the plugin sees it: upload,
 * replace (`?id=`, `/files/:id/replace`) and whatever route a later release adds under those
 * prefixes. The name's extension must name an allowed type, the declared type must agree with it,
 * and the content, detected by its magic bytes, must be of that type (file-check.ts).
 * A refusal is a 400 that names the file; nothing is stored. The upload service checks again,
 * for files that reach it another way (registerUploadFileCheck).
 */
export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  if (!guardsConfig(strapi).uploadCheck.enabled) return async (_ctx: Context, next: Next) => next();
  const restPrefix = routePath(String(strapi.config.get('api.rest.prefix', '/api')));
  const uploadRoutes = ['/upload', `${restPrefix === '/' ? '' : restPrefix}/upload`];
  const isUploadRoute = (path: string) => {
    const route = routePath(path);
    return uploadRoutes.some((base) => route === base || route.startsWith(`${base}/`));
  };

  return async (ctx: Context, next: Next) => {
    const files = uploadedFiles((ctx.request as unknown as { files?: unknown }).files);
    if (files.length === 0 || !isUploadRoute(ctx.path)) return next();
    const security = uploadSecurity(strapi);
    for (const file of files) {
      const problem = await checkUploadedFile(file, security);
      if (problem) {
        return answerValidationError(ctx, refusal(problem), { fileName: file.originalFilename ?? '' });
      }
    }
    return next();
  };
};
