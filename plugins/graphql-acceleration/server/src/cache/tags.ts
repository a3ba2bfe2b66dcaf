import type { Core } from '@strapi/strapi';
import {
  getNamedType,
  getOperationAST,
  isCompositeType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isUnionType,
  TypeInfo,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { getVariableValues } from 'graphql/execution/values';

/**
 * What a cached GraphQL answer depends on, as tags that writes bump (see `writeTags`). A pure
 * model: no state of its own (the app's declarations are a `TagDeclarations` given in).
 *
 *
 * - `*`: every answer. Bumped by writes that change what anyone may read (permissions, roles,
 *   locales, stored settings), at each start and on demand.
 * - `#`: bumped by every write. Answers that read something not known here depend on it.
 * - a model's uid (`api::article.article`): bumped by every write of that model. An answer
 *   depends on each content type whose GraphQL types it selects, or filters by.
 * - `<uid>#doc:<documentId>`, `<uid>#slug:<slug>`, `<uid>#bulk`: a write of one document bumps
 *   its document's and its slug's tags, a write of several at once (or of rows whose document is
 *   not known) the bulk tag. An answer that looks one document up by slug depends on these three
 *   instead of the whole type, so a publish of one article leaves the pages of the others cached.
 * - any tag of the app's (a search index, say): bumped by `invalidate([tag])`, depended on by the
 *   GraphQL types declared with it (`TagDeclarations.declareType`).
 *
 * Components have no tags of their own: their rows are written only with their owner's, whose
 * write bumps the owner's tags.
 */
export const GLOBAL_TAG = '*';
export const ANY_WRITE_TAG = '#';
export const bulkTag = (uid: string) => `${uid}#bulk`;
export const documentTag = (uid: string, documentId: string) => `${uid}#doc:${documentId}`;
export const slugTag = (uid: string, slug: string) => `${uid}#slug:${slug}`;

/** Writes of these change what every answer may contain. */
const GLOBAL_MODELS = new Set(['plugin::i18n.locale', 'plugin::users-permissions.permission', 'plugin::users-permissions.role', 'strapi::core-store']);

/**
 * Stored settings (`strapi::core-store` keys) that no public answer reads: bookkeeping Strapi
 * writes on its own while running, and the admin's own views. Their writes leave the cache alone;
 * every other key (users-permissions' settings, i18n's default locale, an app's own settings, a
 * key not known here) drops every answer. The upload plugin, for one, first records its weekly
 * metrics 15 seconds after the first start of a database, and weekly after: with this list that
 * is no longer a flush of the whole cache.
 */
const UNREAD_STORE_KEYS = [
  /^plugin_(?:upload|ee)_metrics$/, // weekly usage metrics (the media library's, review workflows')
  /^plugin_content_manager_configuration_/, // the admin's list and edit view layouts
  /^core_admin_project-settings$/, // the admin's logos
  /^plugin_upload_(?:view_configuration|media_library_default_notice)$/, // the media library's view, a notice shown once
];

/** Whether a write of stored settings could change a public answer: unless its row is known not to. */
function storeWriteMatters(event: WriteEvent): boolean {
  const key = (event.result as { key?: unknown } | null | undefined)?.key;
  return typeof key !== 'string' || !UNREAD_STORE_KEYS.some((pattern) => pattern.test(key));
}

const SINGLE_WRITES = new Set(['afterCreate', 'afterUpdate', 'afterDelete']);
const BULK_WRITES = new Set(['afterCreateMany', 'afterUpdateMany', 'afterDeleteMany']);

export type WriteEvent = {
  action: string;
  model: { uid: string; attributes?: Record<string, unknown> };
  params?: { where?: Record<string, unknown>; data?: unknown };
  result?: unknown;
};

/** The tags a database write bumps, or null when the event is not a write or changed nothing. */
export function writeTags(event: WriteEvent): string[] | null {
  const { uid } = event.model;
  const bulk = BULK_WRITES.has(event.action);
  if (!SINGLE_WRITES.has(event.action) && !bulk) return null;
  if (bulk && (event.result as { count?: unknown } | undefined)?.count === 0) return null;
  if (GLOBAL_MODELS.has(uid)) return uid !== 'strapi::core-store' || bulk || storeWriteMatters(event) ? [GLOBAL_TAG] : null;
  const hasSlug = Boolean(event.model.attributes && 'slug' in event.model.attributes);
  if (bulk) {
    // Rows of one document, slug untouched (the scheduler clearing a publication time): that document.
    const documentId = event.params?.where?.documentId;
    const data = event.params?.data;
    const slugUntouched = !hasSlug || (data !== null && typeof data === 'object' && !('slug' in data));
    return typeof documentId === 'string' && slugUntouched ? [uid, documentTag(uid, documentId)] : [uid, bulkTag(uid)];
  }
  const row = event.result as Record<string, unknown> | null | undefined;
  const documentId = row?.documentId;
  const slug = row?.slug;
  // A row without its document id, or without its slug when the model has one (a write that
  // selected other fields), could be any document: the bulk tag.
  if (typeof documentId !== 'string' || (hasSlug && typeof slug !== 'string')) return [uid, bulkTag(uid)];
  return hasSlug ? [uid, documentTag(uid, documentId), slugTag(uid, slug as string)] : [uid, documentTag(uid, documentId)];
}

/** What the app declares about its own GraphQL fields and types (in register(), through the cache service). */
export class TagDeclarations {
  /** Tags that GraphQL types of the app's own resolvers depend on (types that are not content types). */
  readonly types = new Map<string, string[]>();
  /** Root query fields that look one document up by slug: field name -> content type. */
  readonly slugLookups = new Map<string, string>();

  /** Says which tags answers selecting a GraphQL type of the app's own depend on. */
  declareType(typeName: string, tags: string[]): void {
    this.types.set(typeName, tags);
  }

  /** Says that a root query field returns the published document of `uid` with its `slug` argument. */
  declareSlugLookup(fieldName: string, uid: string): void {
    this.slugLookups.set(fieldName, uid);
  }
}

/** GraphQL type name -> tags; a type not in the table is unknown (depends on every write). */
export type TypeTable = Map<string, string[]>;

/** The table of the app's GraphQL types: content types, their collections and filters, components. */
export function typeTable(strapi: Core.Strapi, declared: ReadonlyMap<string, string[]>): TypeTable {
  const naming = strapi.plugin('graphql').service('utils').naming;
  const table: TypeTable = new Map([['Pagination', []]]);
  for (const [name, tags] of declared) table.set(name, tags);
  for (const contentType of Object.values(strapi.contentTypes) as Array<{ uid: string }>) {
    const name: string = naming.getTypeName(contentType);
    for (const typeName of [
      name,
      naming.getEntityResponseName(contentType),
      naming.getEntityResponseCollectionName(contentType),
      naming.getRelationResponseCollectionName(contentType),
      `${name}FiltersInput`,
    ]) {
      table.set(typeName, [contentType.uid]);
    }
  }
  for (const component of Object.values(strapi.components) as Array<{ globalId: string }>) {
    table.set(component.globalId, []);
    table.set(`${component.globalId}FiltersInput`, []);
  }
  return table;
}

export type Dependencies = {
  /** Tags the answer depends on (GLOBAL_TAG not included: every answer depends on it). */
  tags: Set<string>;
  /**
   * When the operation's only use of a content type is one slug look-up at its root, that type
   * and slug: the answer then depends on the document found (and the slug) rather than the type.
   */
  lookup: { uid: string; slug: string } | null;
};

function typeTags(table: TypeTable, type: GraphQLNamedType): string[] {
  const known = table.get(type.name);
  if (known) return known;
  if (isUnionType(type)) {
    const members = type.getTypes().map((member) => table.get(member.name));
    if (members.every(Boolean)) return members.flat() as string[];
  }
  return [ANY_WRITE_TAG];
}

/** Tags of the filter inputs a value selects, following nested relation filters (`author: { name: … }`). */
function inputTags(table: TypeTable, type: GraphQLInputType, value: unknown, add: (tags: string[]) => void): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return inputTags(table, type.ofType, value, add);
  if (isListType(type)) {
    for (const item of Array.isArray(value) ? value : [value]) inputTags(table, type.ofType, item, add);
    return;
  }
  if (!isInputObjectType(type) || typeof value !== 'object') return;
  if (type.name.endsWith('FiltersInput')) add(table.get(type.name) ?? [ANY_WRITE_TAG]);
  const fields = type.getFields();
  for (const [name, fieldValue] of Object.entries(value as Record<string, unknown>)) {
    if (fields[name]) inputTags(table, fields[name].type, fieldValue, add);
  }
}

/**
 * The tags an anonymous query's answer depends on: every type it selects (in every operation and
 * fragment of the document: more than needed is safe), every content type its filters reach, and
 * every write at all when it sorts along a relation or selects a type not in the table.
 */
export function documentDependencies(
  schema: GraphQLSchema,
  table: TypeTable,
  slugLookups: ReadonlyMap<string, string>,
  document: DocumentNode,
  given: Record<string, unknown> = {},
  operationName?: string | null
): Dependencies {
  // The variables as execution sees them: with the defaults the operation declares.
  const operation = getOperationAST(document, operationName);
  const coerced = operation ? getVariableValues(schema, operation.variableDefinitions ?? [], given) : undefined;
  const variables: Record<string, unknown> = coerced?.coerced ? { ...given, ...coerced.coerced } : given;
  const counts = new Map<string, number>();
  const add = (tags: string[]) => {
    for (const tag of tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
  };
  const lookups: Array<{ uid: string; slug: unknown }> = [];
  const typeInfo = new TypeInfo(schema);
  const queryType = schema.getQueryType();
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const type = typeInfo.getType();
        if (!type) return;
        const named = getNamedType(type);
        if (isCompositeType(named)) add(typeTags(table, named));
        const uid = slugLookups.get(node.name.value);
        if (uid && typeInfo.getParentType() === queryType) {
          const slug = node.arguments?.find((argument) => argument.name.value === 'slug');
          lookups.push({ uid, slug: slug && valueFromASTUntyped(slug.value, variables) });
        }
      },
      Argument(node) {
        const argument = typeInfo.getArgument();
        if (!argument) return;
        const value = valueFromASTUntyped(node.value, variables);
        if (node.name.value === 'sort' && [value].flat().some((item) => typeof item === 'string' && item.includes('.'))) add([ANY_WRITE_TAG]);
        inputTags(table, argument.type, value, add);
      },
    })
  );
  const [lookup] = lookups;
  const narrow = lookups.length === 1 && typeof lookup.slug === 'string' && counts.get(lookup.uid) === 1;
  if (narrow) counts.delete(lookup.uid);
  return { tags: new Set(counts.keys()), lookup: narrow ? { uid: lookup.uid, slug: lookup.slug as string } : null };
}
