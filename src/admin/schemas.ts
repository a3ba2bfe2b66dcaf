/**
 * The project's content type and component schemas, bundled into the admin and keyed by uid
 * (`api::case-story.case-story`, `shared.seo`), for the admin code that needs them.
 */
export type Schema = {
  info: { displayName: string; singularName?: string };
  attributes: Record<string, { type: string; targetField?: string }>;
};

type Module = { default: Schema };
const contentTypeFiles = import.meta.glob<Module>('../api/*/content-types/*/schema.json', { eager: true });
const componentFiles = import.meta.glob<Module>('../components/*/*.json', { eager: true });

function byUid(files: Record<string, unknown>, pattern: RegExp, uid: (parts: string[]) => string): Record<string, Schema> {
  const schemas: Record<string, Schema> = {};
  for (const [file, module] of Object.entries(files) as Array<[string, Module]>) {
    const parts = pattern.exec(file);
    if (parts) schemas[uid(parts.slice(1))] = module.default;
  }
  return schemas;
}

export const CONTENT_TYPES = byUid(contentTypeFiles, /\/api\/([^/]+)\/content-types\/([^/]+)\//, ([api, type]) => `api::${api}.${type}`);
export const COMPONENTS = byUid(componentFiles, /\/components\/([^/]+)\/([^/]+)\.json$/, ([category, name]) => `${category}.${name}`);
