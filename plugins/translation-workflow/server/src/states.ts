import type { Knex } from 'knex';
import type { Content } from './content';

/** A version of a document: draft or published (a type without drafts has published versions only). */
export type Status = 'draft' | 'published';

/** One row of translation_states. */
export type StateRow = {
  content_type: string;
  document_id: string;
  locale: string;
  status: Status;
  content_hash: string;
  content_changed_at: number;
  based_on_locale: string | null;
  based_on_hash: string | null;
  based_on_content: string | null;
  machine_provider: string | null;
  edited_at: number;
};

/** The state of a locale version against its document's source. */
export type State = 'source' | 'missing' | 'current' | 'outdated';

/** A state row as read: times as numbers whatever the database returns for bigint. */
function readRow(row: Record<string, unknown>): StateRow {
  return {
    ...(row as StateRow),
    content_changed_at: Number(row.content_changed_at),
    edited_at: Number(row.edited_at),
  };
}

/** The columns a state needs (not the source content kept for the field-level diff). */
const LEAN = ['content_type', 'document_id', 'locale', 'status', 'content_hash', 'content_changed_at', 'based_on_locale', 'based_on_hash', 'machine_provider', 'edited_at'];

/** The state of `locale`'s version with these rows of its document and status, against `source`. */
export function stateOf(rows: StateRow[], locale: string, source: string, sourceRows: StateRow[] = rows): State {
  if (locale === source) return rows.some((row) => row.locale === locale) ? 'source' : 'missing';
  const own = rows.find((row) => row.locale === locale);
  if (!own) return 'missing';
  const basis = sourceRows.filter((row) => row.locale === source);
  // No source version: nothing to be behind.
  if (basis.length === 0) return 'current';
  return own.based_on_locale === source && basis.some((row) => row.content_hash === own.based_on_hash) ? 'current' : 'outdated';
}

/** translation_states and translation_sources, read and written with knex (in the ambient transaction when given one). */
export class StateStore {
  constructor(
    private readonly knex: () => Knex,
    private readonly defaultSource: () => string
  ) {}

  async tablesExist(): Promise<boolean> {
    const schema = this.knex().schema;
    return (await schema.hasTable('translation_states')) && (await schema.hasTable('translation_sources'));
  }

  /** The rows of these documents (all locales and statuses), without the kept source content. */
  async rowsOf(uid: string, documentIds: string[], db: Knex | Knex.Transaction = this.knex()): Promise<StateRow[]> {
    if (documentIds.length === 0) return [];
    const rows: StateRow[] = [];
    for (let start = 0; start < documentIds.length; start += 500) {
      const chunk = documentIds.slice(start, start + 500);
      rows.push(...((await db('translation_states').select(LEAN).where('content_type', uid).whereIn('document_id', chunk)) as Record<string, unknown>[]).map(readRow));
    }
    return rows;
  }

  /** Every row of a type in one status, without the kept source content. */
  async rowsOfType(uid: string, status: Status): Promise<StateRow[]> {
    return ((await this.knex()('translation_states').select(LEAN).where({ content_type: uid, status })) as Record<string, unknown>[]).map(readRow);
  }

  /** The source content a version was last edited against (for the field-level diff), or null. */
  async basedOnContent(uid: string, documentId: string, locale: string, status: Status): Promise<Content | null> {
    const row = (await this.knex()('translation_states').select('based_on_content').where({ content_type: uid, document_id: documentId, locale, status }).first()) as
      { based_on_content: string | null } | undefined;
    return row?.based_on_content ? (JSON.parse(row.based_on_content) as Content) : null;
  }

  /** The full rows of one document (with the kept source content), for a save's bookkeeping. */
  async fullRowsOf(uid: string, documentId: string, db: Knex | Knex.Transaction): Promise<StateRow[]> {
    return ((await db('translation_states').select('*').where({ content_type: uid, document_id: documentId })) as Record<string, unknown>[]).map(readRow);
  }

  /** Writes one document's rows as `rows` (inserting, updating and deleting as needed). */
  async replace(db: Knex | Knex.Transaction, uid: string, documentId: string, before: StateRow[], rows: StateRow[]): Promise<boolean> {
    const key = (row: Pick<StateRow, 'locale' | 'status'>) => `${row.locale}\u0000${row.status}`;
    const old = new Map(before.map((row) => [key(row), row]));
    const wanted = new Set(rows.map(key));
    let changed = false;
    for (const row of before) {
      if (wanted.has(key(row))) continue;
      await db('translation_states').where({ content_type: uid, document_id: documentId, locale: row.locale, status: row.status }).delete();
      changed = true;
    }
    for (const row of rows) {
      const existing = old.get(key(row));
      if (!existing) {
        await db('translation_states').insert(row);
        changed = true;
      } else if (COLUMNS.some((column) => existing[column] !== row[column])) {
        await db('translation_states').where({ content_type: uid, document_id: documentId, locale: row.locale, status: row.status }).update(row);
        changed = true;
      }
    }
    return changed;
  }

  /** Document id -> source locale, for documents whose source is not the default. */
  async sourcesOf(uid: string, documentIds: string[], db: Knex | Knex.Transaction = this.knex()): Promise<Map<string, string>> {
    const sources = new Map<string, string>();
    for (let start = 0; start < documentIds.length; start += 500) {
      const rows = (await db('translation_sources')
        .select('document_id', 'source_locale')
        .where('content_type', uid)
        .whereIn('document_id', documentIds.slice(start, start + 500))) as Array<{ document_id: string; source_locale: string }>;
      for (const row of rows) sources.set(row.document_id, row.source_locale);
    }
    return sources;
  }

  /** Every document of a type whose source is not the default. */
  async sourcesOfType(uid: string): Promise<Map<string, string>> {
    const rows = (await this.knex()('translation_sources').select('document_id', 'source_locale').where('content_type', uid)) as Array<{ document_id: string; source_locale: string }>;
    return new Map(rows.map((row) => [row.document_id, row.source_locale]));
  }

  async sourceOf(uid: string, documentId: string, db: Knex | Knex.Transaction = this.knex()): Promise<string> {
    return (await this.sourcesOf(uid, [documentId], db)).get(documentId) ?? this.defaultSource();
  }

  /** Sets a document's source locale (the default removes the row). */
  async setSource(uid: string, documentId: string, locale: string): Promise<void> {
    await this.knex().transaction(async (trx) => {
      await trx('translation_sources').where({ content_type: uid, document_id: documentId }).delete();
      if (locale !== this.defaultSource()) await trx('translation_sources').insert({ content_type: uid, document_id: documentId, source_locale: locale });
    });
  }

  /** Forgets a deleted document. */
  async forget(db: Knex | Knex.Transaction, uid: string, documentId: string): Promise<void> {
    await db('translation_states').where({ content_type: uid, document_id: documentId }).delete();
    await db('translation_sources').where({ content_type: uid, document_id: documentId }).delete();
  }

  /** Document ids of a type that have state rows. */
  async trackedDocuments(uid: string): Promise<Set<string>> {
    const rows = (await this.knex()('translation_states').distinct('document_id').where('content_type', uid)) as Array<{ document_id: string }>;
    return new Set(rows.map((row) => row.document_id));
  }
}

const COLUMNS: Array<keyof StateRow> = ['content_hash', 'content_changed_at', 'based_on_locale', 'based_on_hash', 'based_on_content', 'machine_provider', 'edited_at'];
