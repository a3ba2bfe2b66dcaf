import type { Core } from '@strapi/strapi';
import type { SchedulingConfig } from './config';

type Row = { id: number; documentId: string; locale: string | null; [field: string]: unknown };
type Publisher = { publish(params: object): Promise<unknown>; unpublish(params: object): Promise<unknown> };

export type PassOutcome = { published: number; unpublished: number; failed: number };

/**
 * One pass of the scheduler: publishes every draft whose publish time has come and unpublishes
 * every published version whose unpublish time has come, through the Document Service (so every
 * rule, check and cache invalidation applies). Each due row is claimed first with a conditional
 * UPDATE that only one instance can win, so several instances on one database act exactly once.
 */
export async function runPass(strapi: Core.Strapi, config: SchedulingConfig, now = new Date()): Promise<PassOutcome> {
  const outcome = { published: 0, unpublished: 0, failed: 0 };
  const { publishAtField, unpublishAtField } = config;
  for (const uid of config.contentTypes) {
    const query = strapi.db.query(uid as never);
    const documents = strapi.documents(uid as never) as unknown as Publisher;
    const titleField = ['title', 'name'].find((field) => field in (strapi.contentType(uid as never).attributes as object));
    // One UPDATE … WHERE id = ? AND <field> <= now: only one instance changes the row.
    const claim = async (row: Row, field: string) => (await query.updateMany({ where: { id: row.id, [field]: { $notNull: true, $lte: now } }, data: { [field]: null } })).count === 1;
    const label = (row: Row) => `${uid} ${row.documentId} (${row.locale ?? '-'})${titleField ? ` "${String(row[titleField] ?? '')}"` : ''}`;
    const select = (field: string) => ['id', 'documentId', 'locale', field, ...(titleField ? [titleField] : [])];

    const duePublish: Row[] = await query.findMany({ where: { publishedAt: null, [publishAtField]: { $lte: now } }, select: select(publishAtField) });
    for (const row of duePublish) {
      if (!(await claim(row, publishAtField))) continue; // another instance took it
      try {
        await documents.publish({ documentId: row.documentId, locale: row.locale ?? undefined });
        outcome.published += 1;
        strapi.log.info(`[schedule] published ${label(row)}`);
      } catch (error) {
        outcome.failed += 1;
        // By name: the app's rules may throw the ValidationError of another copy of @strapi/utils.
        if ((error as Error)?.name === 'ValidationError') {
          // The document is not ready (a check failed, an embargo): retrying cannot help.
          strapi.log.error(`[schedule] could not publish ${label(row)}: ${(error as Error).message}; its ${publishAtField} is cleared, publish it by hand once this is fixed`);
        } else {
          // A passing fault (the database busy, a lost connection): the next pass tries again.
          await query.updateMany({ where: { id: row.id, publishedAt: null }, data: { [publishAtField]: row[publishAtField] } }).catch(() => undefined);
          strapi.log.warn(`[schedule] could not publish ${label(row)} yet: ${(error as Error).message}; the next pass tries again`);
        }
      }
    }

    const dueUnpublish: Row[] = await query.findMany({ where: { publishedAt: { $notNull: true }, [unpublishAtField]: { $lte: now } }, select: select(unpublishAtField) });
    for (const row of dueUnpublish) {
      if (!(await claim(row, unpublishAtField))) continue;
      // The draft keeps no past unpublish time that a later publish would carry back.
      await query.updateMany({ where: { documentId: row.documentId, publishedAt: null, ...(row.locale ? { locale: row.locale } : {}) }, data: { [unpublishAtField]: null } });
      try {
        await documents.unpublish({ documentId: row.documentId, locale: row.locale ?? undefined });
        outcome.unpublished += 1;
        strapi.log.info(`[schedule] unpublished ${label(row)}`);
      } catch (error) {
        outcome.failed += 1;
        await query.updateMany({ where: { id: row.id }, data: { [unpublishAtField]: row[unpublishAtField] } }).catch(() => undefined);
        strapi.log.warn(`[schedule] could not unpublish ${label(row)} yet: ${(error as Error).message}; the next pass tries again`);
      }
    }
  }
  return outcome;
}
