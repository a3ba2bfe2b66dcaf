import type { Core } from '@strapi/strapi';
import { CASE_STORY, CONTACT, FOCUS_AREA, MUNICIPALITY, ORGANISATION, PARTNERSHIP } from '../content-types';

type Action = { actionId: string; subjects?: string[]; options?: { applyToProperties?: string[] } };
type Permission = { action: string; subject?: string | null; properties?: Record<string, unknown>; conditions?: string[] };

const CM = 'plugin::content-manager.explorer';
const IS_CREATOR = 'admin::is-creator';
/** Editors schedule; authors do not set these. */
const SCHEDULE_FIELDS = new Set(['publishAt', 'unpublishAt']);

/** What Authors (communications staff) write: their own case stories. */
const AUTHOR_WRITES = CASE_STORY;
/** What Authors may read, to link a case story to them. */
const AUTHOR_READS = [MUNICIPALITY, PARTNERSHIP, ORGANISATION, FOCUS_AREA, CONTACT];

/** The media library: editors manage every file, authors the files they uploaded. */
const upload = (author: boolean): Permission[] => [
  { action: 'plugin::upload.read', conditions: author ? [IS_CREATOR] : [] },
  { action: 'plugin::upload.configure-view' },
  { action: 'plugin::upload.assets.create' },
  { action: 'plugin::upload.assets.update', conditions: author ? [IS_CREATOR] : [] },
  { action: 'plugin::upload.assets.download' },
  { action: 'plugin::upload.assets.copy-link' },
];

/**
 * The editorial roles, set as code at every start (changes made to them in the admin are put
 * back; a Super Admin who needs another arrangement creates a new role):
 * - Editor: creates, edits, deletes, publishes and schedules every content type, in every locale,
 *   manages the media library, and makes and revokes journalist links to embargoed press releases.
 * - Author: creates and edits their own case stories (not publishing, not scheduling), reads what
 *   a case story links to, and manages their own uploads.
 * Neither has any settings permission: only Super Admins change roles, users or the content model.
 */
export async function ensureEditorialRoles(strapi: Core.Strapi): Promise<void> {
  const roles = strapi.service('admin::role') as {
    findOne(params: Record<string, unknown>): Promise<{ id: number } | null>;
    assignPermissions(id: number, permissions: Permission[]): Promise<unknown>;
  };
  const actions = (strapi.service('admin::permission') as { actionProvider: { values(): Action[] } }).actionProvider.values();
  const nested = (strapi.service('admin::content-type') as { getPermissionsWithNestedFields(actions: Action[]): Permission[] }).getPermissionsWithNestedFields;
  const locales = ((await strapi.plugin('i18n').service('locales').find()) as Array<{ code: string }>).map((locale) => locale.code);
  const apiTypes = Object.keys(strapi.contentTypes).filter((uid) => uid.startsWith('api::'));
  const isLocalized = (uid: string) => Boolean((strapi.contentTypes[uid as keyof typeof strapi.contentTypes] as { pluginOptions?: { i18n?: { localized?: boolean } } }).pluginOptions?.i18n?.localized);

  /** Content Manager permissions for `subjects`, every field (less `withoutFields`) and locale. */
  const contentPermissions = (verbs: string[], subjects: string[], { conditions = [] as string[], withoutFields = new Set<string>() } = {}) => {
    const wanted = actions.filter((action) => verbs.some((verb) => action.actionId === `${CM}.${verb}`));
    return nested(wanted)
      .filter((permission) => subjects.includes(String(permission.subject)))
      .map((permission) => {
        const properties: Record<string, unknown> = {};
        const fields = permission.properties?.fields as string[] | undefined;
        if (fields) properties.fields = fields.filter((field) => !withoutFields.has(field.split('.')[0]));
        const action = wanted.find((candidate) => candidate.actionId === permission.action);
        if (isLocalized(String(permission.subject)) && action?.options?.applyToProperties?.includes('locales')) properties.locales = locales;
        return { action: permission.action, subject: permission.subject, properties, conditions };
      });
  };

  const editor = await roles.findOne({ code: 'strapi-editor' });
  if (editor) {
    await roles.assignPermissions(editor.id, [
      ...contentPermissions(['create', 'read', 'update', 'delete', 'publish'], apiTypes),
      ...upload(false),
      // Journalist links to press releases under embargo.
      { action: 'plugin::embargo-links.links.read' },
      { action: 'plugin::embargo-links.links.manage' },
    ]);
  }
  const author = await roles.findOne({ code: 'strapi-author' });
  if (author) {
    await roles.assignPermissions(author.id, [
      ...contentPermissions(['create', 'read', 'update'], [AUTHOR_WRITES], { conditions: [IS_CREATOR], withoutFields: SCHEDULE_FIELDS }),
      ...contentPermissions(['read'], AUTHOR_READS),
      ...upload(true),
    ]);
  }
  if (!editor || !author) strapi.log.warn('[roles] the Editor or Author role is missing; a Super Admin deleted it, nothing set for it');
}
