import type { Core, UID } from '@strapi/strapi';
import DataLoader from 'dataloader';
import { loadApplyPopulate } from '../internals/populate-apply';
import { directRelations, type PlainRelationQuery, type Scalar } from './direct-relations';
import { perRequest } from './per-request';
import { selectionColumns, type SelectionInfo } from './selection-columns';

const isScalar = (value: unknown): value is Scalar => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Batched loading of relations, components and media for GraphQL.
 *
 * Stock plugin-graphql resolves `article.author` once per article, with two SQL
 * statements each (`load` selects the parent's id, then the relation). Here every relation,
 * component and media field of the content API gets a per-request DataLoader: the parents of
 * one field resolved in the same tick are loaded together, one statement per field and level,
 * whatever the page size: plain relations through a join table and media fields with the
 * statement Strapi's populate writes for them, compiled once (`direct-relations.ts`), everything
 * else with Strapi's own populate code. Rows are read with the columns the field's selection
 * needs (Strapi's own `select` of a populate), not `t0.*`.
 *
 * The rules stay those of stock Strapi: the field's auth scope is checked before this runs
 * (plugin-graphql authorizes before middlewares); the target query is built, validated and
 * sanitized exactly as `association.js` / `component.js` build it; draft/publish status is
 * inherited from the root query in the same way; per-parent pagination is kept by slicing.
 * A field falls back to the stock resolver when it has arguments (filters, sort, pagination),
 * when the root query uses a publication filter, for polymorphic relations and for relations on
 * a join column of the row (`localizations`).
 */

type Status = 'published' | 'draft';
/** The condition on `publishedAt` of one publication status, as Strapi's status inheritance writes it. */
const publicationWhere = (status: Status) => (status === 'published' ? { $notNull: true } : { $null: true });
type Parent = { id?: number | string } & Record<string, unknown>;
type Context = { state?: { auth?: unknown }; rootQueryArgsByPath?: Map<string | number, Record<string, unknown>> };
type Info = SelectionInfo & { path?: { key: string | number; prev?: Info['path'] } };
type Middleware = (next: (...a: unknown[]) => unknown, parent: Parent, args: Record<string, unknown>, context: Context, info: Info) => unknown;
/** What this file reads of a model's attribute. */
type ModelAttribute = { type: string; component: string; repeatable?: boolean; multiple?: boolean; target: string; relation?: string; joinColumn?: unknown };
type DbQuery = Record<string, unknown> & { where?: Record<string, unknown>; limit?: number; offset?: number };

/** Whether a field was given arguments; the schema's defaults (`pagination: {}`, `sort: []`) do not count. */
const isEmptyValue = (value: unknown) =>
  value === undefined || value === null || (Array.isArray(value) && value.length === 0) || (typeof value === 'object' && Object.keys(value as object).length === 0);
const hasArgs = (args: Record<string, unknown> | undefined) => Object.values(args ?? {}).some((value) => !isEmptyValue(value));

/** The key (alias) of the root field this field's branch starts from. */
function rootKey(info: Info): string | number | undefined {
  let path = info?.path;
  while (path?.prev) path = path.prev;
  return path?.key;
}

/** Root query args of this field's branch, as plugin-graphql records them for status inheritance. */
function rootArgs(context: Context, info: Info): Record<string, unknown> | undefined {
  const key = rootKey(info);
  return key === undefined ? undefined : context.rootQueryArgsByPath?.get(key);
}

export function registerBatchLoading(strapi: Core.Strapi, includes: (uid: string) => boolean): void {
  const applyPopulate = loadApplyPopulate();
  const graphql = strapi.plugin('graphql');
  const extension = graphql.service('extension');
  const { naming, attributes } = graphql.service('utils');
  const isBuiltInQueryField = (field: string) => graphql.service('content-api').isBuiltInQueryField(field);

  /** The status stock association resolvers apply to a D&P target, or null; undefined: use stock. */
  function inheritedStatus(context: Context, info: Info): Status | null | undefined {
    const root = rootArgs(context, info);
    const builtIn = typeof root?._originField === 'string' && isBuiltInQueryField(root._originField);
    if (builtIn && (root?.publicationFilter !== undefined || root?.hasPublishedVersion !== undefined)) return undefined;
    if (!builtIn) return null;
    return (root?.status || 'published') === 'published' ? 'published' : 'draft';
  }

  type BaseQuery = { dbQuery: DbQuery; sanitized: Record<string, unknown> };
  const baseQueries = perRequest<Promise<BaseQuery>>();

  /**
   * The query stock resolvers send to `load` for a field without arguments (the schema's empty
   * defaults at most): built, validated and sanitized once per target and request.
   */
  function baseQuery(targetUid: string, args: Record<string, unknown>, context: Context): Promise<BaseQuery> {
    return baseQueries(context, `${targetUid}:${JSON.stringify(args ?? {})}`, async () => {
      const { transformArgs } = graphql.service('builders').utils;
      const target = strapi.getModel(targetUid as UID.Schema);
      const auth = context?.state?.auth;
      const transformed = transformArgs(args ?? {}, { contentType: target, usePagination: true });
      await strapi.contentAPI.validate.query(transformed, target, { auth } as never);
      const sanitized = await strapi.contentAPI.sanitize.query(transformed, target, { auth } as never);
      return { dbQuery: strapi.get('query-params').transform(targetUid, sanitized), sanitized };
    });
  }

  const loaderFor = perRequest<DataLoader<Parent, unknown>>();
  const directs = directRelations(strapi);

  /**
   * The plain relation query `directs` runs itself: the columns, and at most the publication
   * condition the status inheritance adds; with a limit, so Strapi's populate would order by id
   * last as the compiled statement does. Undefined for anything else.
   */
  function plainQuery(query: DbQuery): PlainRelationQuery | undefined {
    // The offset is the populate's own (0): not a condition of the plain query.
    const { limit, offset: _offset, select, where, ...rest } = query;
    if (Object.keys(rest).length > 0 || limit === undefined || !Array.isArray(select)) return undefined;
    if (where === undefined) return { select };
    // The publication condition and equalities on scalar columns (`{ showPublicly: true }`, as
    // a `$and` of them too); direct-relations checks the columns' types.
    const conditions: Array<Record<string, unknown>> = Array.isArray(where.$and) && Object.keys(where).length === 1 ? (where.$and as Array<Record<string, unknown>>) : [where];
    const plain: PlainRelationQuery = { select };
    const equals: Array<[string, Scalar]> = [];
    for (const condition of conditions) {
      for (const [key, value] of Object.entries(condition ?? {})) {
        if (key === 'publishedAt') {
          const publication = JSON.stringify(value);
          if (plain.publishedAt !== undefined) return undefined;
          if (publication === JSON.stringify(publicationWhere('published'))) plain.publishedAt = 'published';
          else if (publication === JSON.stringify(publicationWhere('draft'))) plain.publishedAt = 'draft';
          else return undefined;
          continue;
        }
        const scalar = isScalar(value) ? value : isObject(value) && Object.keys(value).length === 1 && isScalar(value.$eq) ? value.$eq : undefined;
        if (scalar === undefined || key.startsWith('$')) return undefined;
        equals.push([key, scalar]);
      }
    }
    if (equals.length > 0) plain.equals = equals.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return plain;
  }

  /**
   * Loads `field` of many parents of `uid` in one statement: a plain relation through a join
   * table with its compiled statement (`directs`), anything else with Strapi's populate.
   * Pagination (the default page of to-many fields) is applied per parent, as stock `load`
   * applies it to its single parent.
   */
  function batch(uid: string, field: string, query: () => Promise<DbQuery>, toMany: boolean, sign?: (file: unknown) => Promise<unknown>, targetUid?: string) {
    const direct = targetUid !== undefined && directs.handles(uid, field);
    return new DataLoader<Parent, unknown, string>(
      async (parents) => {
        const full = await query();
        const { limit, offset, ...rest } = full;
        const plain = direct ? plainQuery(full) : undefined;
        const loaded =
          plain &&
          (await directs.load(
            uid,
            field,
            targetUid!,
            parents.map((parent) => parent.id!),
            plain
          ));
        let rows: Parent[];
        if (loaded) {
          rows = parents.map((parent) => {
            const found = loaded.get(String(parent.id)) ?? [];
            return { id: parent.id, [field]: toMany ? found : (found[0] ?? null) };
          });
        } else {
          // The limit stays in the SQL (so Strapi keeps its id tie-breaker in the ORDER BY) but
          // spans all parents; each parent's page is cut below.
          const populate = { [field]: limit !== undefined || offset !== undefined ? { ...rest, limit: Number.MAX_SAFE_INTEGER } : rest };
          rows = parents.map((parent) => ({ id: parent.id }));
          await applyPopulate(rows, populate, { db: strapi.db, uid, qb: strapi.db.entityManager.createQueryBuilder(uid as never) });
        }
        const values = rows.map((row) => {
          let value = row[field] as unknown;
          if (toMany && Array.isArray(value)) {
            const start = offset ?? 0;
            value = value.slice(start, limit === undefined || limit < 0 ? undefined : start + limit);
          }
          return value ?? (toMany ? [] : null);
        });
        if (!sign) return values;
        return Promise.all(values.map(async (value) => (value ? (Array.isArray(value) ? Promise.all(value.map(sign)) : sign(value)) : value)));
      },
      { cacheKeyFn: (parent) => String(parent.id) }
    );
  }

  const resolversConfig: Record<string, { middlewares: Middleware[] }> = {};
  const { toEntityResponseCollection } = graphql.service('format').returnTypes;
  /** Whether the upload provider signs file URLs (signFileUrls then reads whole rows); unknown counts as yes. */
  const signedUrls = async () => {
    const provider = (strapi.plugin('upload') as unknown as { provider?: { isPrivate?: () => boolean | Promise<boolean> } } | undefined)?.provider;
    return typeof provider?.isPrivate === 'function' ? Boolean(await provider.isPrivate()) : true;
  };

  const models = [...Object.values(strapi.contentTypes).filter((model) => includes(model.uid)), ...Object.values(strapi.components)] as Array<{
    uid: string;
    modelType: string;
    attributes: Record<string, ModelAttribute>;
  }>;

  for (const model of models) {
    const typeName = model.modelType === 'component' ? naming.getComponentName(model) : naming.getTypeName(model);
    for (const [field, attribute] of Object.entries(model.attributes)) {
      if (attribute.type === 'component') {
        const repeatable = Boolean(attribute.repeatable);
        const middleware: Middleware = (next, parent, args, context, info) => {
          if (hasArgs(args) || parent?.id === undefined) return next(parent, args, context, info);
          const loader = loaderFor(context, `${model.uid}.${field}`, () => batch(model.uid, field, async () => (await baseQuery(attribute.component, args, context)).dbQuery, repeatable));
          return loader.load(parent);
        };
        resolversConfig[`${typeName}.${field}`] = { middlewares: [middleware] };
        continue;
      }
      const isMedia = attributes.isMedia(attribute);
      // Relations on a join column of the row (i18n's `localizations`, on document_id) start from more
      // than the parent's id: Strapi's stock resolver loads them.
      if (!isMedia && (attribute.type !== 'relation' || attributes.isMorphRelation(attribute) || attribute.joinColumn)) continue;
      const targetUid: string = isMedia ? 'plugin::upload.file' : attribute.target;
      const target = strapi.getModel(targetUid as UID.Schema);
      if (!target) continue;
      const toMany = isMedia ? Boolean(attribute.multiple) : String(attribute.relation).endsWith('Many');
      const targetHasDraftAndPublish = Boolean(target.options?.draftAndPublish);
      const sign = isMedia && strapi.plugin('upload') ? (file: unknown) => strapi.plugin('upload').service('file').signFileUrls(file) : undefined;
      // Rows are read with the columns the selection needs. Files also with `provider` (URL signing
      // reads it), and whole when the upload provider signs URLs (it may read any column).
      const targetAttributes = target.attributes as Record<string, { type?: string }>;
      const selections = new WeakMap<object, string[] | null>();
      // The version columns identify the row's version; a file's provider decides its URL signing.
      const always = [...['locale', 'publishedAt'].filter((name) => targetAttributes[name]), ...(isMedia ? ['provider'] : [])];

      /** This field's loader for the request and selection; undefined where the stock resolver answers. */
      const loaderOf = (args: Record<string, unknown>, context: Context, info: Info) => {
        const status = inheritedStatus(context, info);
        if (status === undefined) return undefined;
        const effective = targetHasDraftAndPublish ? status : null;
        const columns = selectionColumns(selections, info, targetAttributes, always);
        return loaderFor(context, `${model.uid}.${field}:${effective ?? 'any'}:${columns?.join(',') ?? '*'}`, () =>
          batch(
            model.uid,
            field,
            async () => {
              const { dbQuery } = await baseQuery(targetUid, args, context);
              const select = columns && !(isMedia && (await signedUrls())) ? columns : null;
              const query = select ? { ...dbQuery, select } : dbQuery;
              if (!effective) return query;
              return { ...query, where: { publishedAt: publicationWhere(effective), ...(query.where ?? {}) } };
            },
            toMany,
            sign,
            targetUid
          )
        );
      };

      // loaderOf per request and selection: every parent of one field in one operation (under one
      // root field) has the same loader, so the parents after the first look it up by the field's nodes.
      const known = new WeakMap<object, WeakMap<object, { root: unknown; loader: ReturnType<typeof loaderOf> }>>();
      const sharedLoaderOf = (args: Record<string, unknown>, context: Context, info: Info) => {
        const nodes = info.fieldNodes;
        if (!nodes || !context) return loaderOf(args, context, info);
        let byNodes = known.get(context);
        if (!byNodes) known.set(context, (byNodes = new WeakMap()));
        const root = rootKey(info);
        const seen = byNodes.get(nodes);
        if (seen && seen.root === root) return seen.loader;
        const loader = loaderOf(args, context, info);
        byNodes.set(nodes, { root, loader });
        return loader;
      };

      // Not async: the answer is the loader's promise, with no promise of the middleware's own around it.
      const plain: Middleware = (next, parent, args, context, info) => {
        if (hasArgs(args) || parent?.id === undefined) return next(parent, args, context, info);
        const loader = sharedLoaderOf(args, context, info);
        return loader ? loader.load(parent) : next(parent, args, context, info);
      };
      resolversConfig[`${typeName}.${field}`] = { middlewares: [plain] };

      if (toMany) {
        const connection: Middleware = async (next, parent, args, context, info) => {
          if (hasArgs(args) || parent?.id === undefined) return next(parent, args, context, info);
          const loader = sharedLoaderOf(args, context, info);
          if (!loader) return next(parent, args, context, info);
          const [value, { sanitized }] = await Promise.all([loader.load(parent), baseQuery(targetUid, args, context)]);
          return toEntityResponseCollection(value, { args: sanitized, resourceUID: targetUid });
        };
        resolversConfig[`${typeName}.${field}_connection`] = { middlewares: [connection] };
      }
    }
  }

  extension.use({ resolversConfig });
}
