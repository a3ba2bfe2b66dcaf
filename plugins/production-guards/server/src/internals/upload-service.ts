import type { Core } from '@strapi/strapi';
import { expectFunction, type Internal } from './fence';

export const uploadService: Internal = {
  what: "the upload plugin's upload service (upload and replace, wrapped to check each file before anything is written)",
  packageName: '@strapi/upload',
  writtenAgainst: '5.54.0',
  file: 'upload-service.ts',
  switchedOffBy: 'uploadCheck.enabled',
};

type Upload = (args: { files?: unknown } | undefined, opts?: unknown) => Promise<unknown>;
type Replace = (id: unknown, args: { file?: unknown } | undefined, opts?: unknown) => Promise<unknown>;

/** Runs `check` on the files of every upload and replace before the service stores anything. */
export function checkUploadsBeforeStoring(strapi: Core.Strapi, check: (files: unknown) => Promise<void>): void {
  const service = strapi.plugin('upload').service('upload') as { upload?: unknown; replace?: unknown };
  const upload = expectFunction<Upload>(uploadService, service?.upload, "the upload service's upload()");
  const replace = expectFunction<Replace>(uploadService, service?.replace, "the upload service's replace()");
  service.upload = (async (args, opts) => {
    await check(args?.files);
    return upload.call(service, args, opts);
  }) satisfies Upload;
  service.replace = (async (id, args, opts) => {
    await check(args?.file);
    return replace.call(service, id, args, opts);
  }) satisfies Replace;
}
