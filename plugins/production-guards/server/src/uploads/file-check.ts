import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import mime from 'mime-types';
import { checkUploadsBeforeStoring } from '../internals/upload-service';

/** A file as the body parser (formidable) or Strapi's URL import hands it to the upload plugin. */
export type UploadedFile = { originalFilename?: string | null; mimetype?: string | null; filepath?: string | null };

export type UploadSecurity = { allowedTypes?: string[]; deniedTypes?: string[] };

/** The upload plugin's allow and deny lists (its `security` configuration), which this check applies as the plugin does. */
export const uploadSecurity = (strapi: Core.Strapi): UploadSecurity => (strapi.config.get('plugin::upload.security', {}) ?? {}) as UploadSecurity;

/** Whether `type` is one of `patterns`; a pattern may hold a `*` (`image/*`), as the plugin's lists may. */
export const matchesType = (type: string, patterns: string[] | undefined): boolean =>
  (patterns ?? []).some((pattern) => {
    const normalised = pattern.trim().toLowerCase();
    if (!normalised.includes('*')) return normalised === type;
    const expression = normalised
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*');
    return new RegExp(`^${expression}$`).test(type);
  });

/**
 * Types that have no magic bytes, so content that cannot be recognised is all they can be: plain
 * text formats (`text/csv`, `text/plain`, …). None is on the default allowed list; the text types a
 * browser runs (`text/html`, `text/javascript`, `text/xml`) are always denied.
 */
export const isTextType = (type: string): boolean => type.startsWith('text/');

/**
 * Content types that `file-type` names differently from the extension's type but that are the
 * same format: an `.mp4` whose MPEG-4 brand says "M4V", an `.m4a` whose brand says "M4A", and a
 * PDF saved by Adobe Illustrator (a PDF with Illustrator's private data, which `file-type` names
 * `application/illustrator`).
 */
const SAME_FORMAT: Record<string, string[]> = {
  'application/pdf': ['application/illustrator'],
  'video/mp4': ['video/x-m4v'],
  'audio/mp4': ['audio/x-m4a'],
};

const bareType = (type: string | null | undefined): string => (type ?? '').split(';')[0].trim().toLowerCase();

/**
 * Why a file may not be stored judged on its name and declared type, or null: the name's extension
 * must name an allowed type that is not denied, and a declared type other than the generic
 * `application/octet-stream` must be that type.
 */
export function nameProblem(name: string, declaredType: string | null | undefined, security: UploadSecurity): string | null {
  const named = mime.lookup(name) || null;
  if (!named || matchesType(named, security.deniedTypes) || (security.allowedTypes && !matchesType(named, security.allowedTypes))) {
    return `the extension of "${name}" is not an allowed file type`;
  }
  const declared = bareType(declaredType);
  return declared && declared !== 'application/octet-stream' && declared !== named ? `"${name}" is declared as ${declared} but named as ${named}` : null;
}

/**
 * Why a file whose name passed `nameProblem` may not be stored judged on the type its content was
 * detected as (`undefined`: not recognised), or null: the content must be of the type the name
 * says, or, for a text type without magic bytes, not be recognised as anything.
 */
export function contentProblem(name: string, detected: string | undefined): string | null {
  const named = mime.lookup(name) || 'application/octet-stream';
  if (detected === undefined) return isTextType(named) ? null : `"${name}" is not a ${named} file: its content is not recognised`;
  const content = detected.toLowerCase();
  return content === named || SAME_FORMAT[named]?.includes(content) ? null : `"${name}" is not a ${named} file: its content is ${content}`;
}

/**
 * The type of a file's content by its magic bytes, read with `file-type` (the version Strapi's
 * upload plugin uses); it looks inside ZIP archives for Office Open XML and OpenDocument files.
 * `file-type` is an ES module: compiled to CommonJS, this `import()` is a `require()`, which Node
 * loads natively from 20.19 on.
 */
export async function detectType(filepath: string): Promise<string | undefined> {
  const { fileTypeFromFile } = await import('file-type');
  return (await fileTypeFromFile(filepath))?.mime;
}

/** Why this uploaded file may not be stored (`nameProblem`, then `contentProblem`), or null when it may. */
export async function checkUploadedFile(file: UploadedFile, security: UploadSecurity): Promise<string | null> {
  const name = file.originalFilename ?? '';
  return nameProblem(name, file.mimetype, security) ?? contentProblem(name, file.filepath ? await detectType(file.filepath) : undefined);
}

/** Every file of a parsed multipart body, whatever form field carries it. */
export const uploadedFiles = (files: unknown): UploadedFile[] =>
  files && typeof files === 'object'
    ? Object.values(files as Record<string, UploadedFile | UploadedFile[]>)
        .flat()
        .filter(Boolean)
    : [];

/** The 400 the upload guard answers and the upload service throws for a refused file. */
export const refusal = (problem: string) => `File type not allowed: ${problem}`;

/**
 * The same check where the upload plugin stores a file, for the routes whose file is not in the
 * request body (`POST /upload/actions/upload-from-urls` fetches it) and for any route a later
 * Strapi release adds: its `upload` and `replace` refuse a file before anything is written.
 */
export function registerUploadFileCheck(strapi: Core.Strapi): void {
  checkUploadsBeforeStoring(strapi, async (files) => {
    const security = uploadSecurity(strapi);
    for (const file of [(files as UploadedFile | UploadedFile[] | undefined) ?? []].flat()) {
      const problem = await checkUploadedFile(file, security);
      if (problem) throw new errors.ValidationError(refusal(problem), { fileName: file.originalFilename ?? '' });
    }
  });
}
