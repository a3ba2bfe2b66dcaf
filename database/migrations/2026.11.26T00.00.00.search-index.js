'use strict';

/**
 * The search index: one row per published case story, partnership and press release in each
 * locale (src/search keeps it current). The full-text part depends on the database:
 *
 * - PostgreSQL: `vector`, a stored generated tsvector weighted title (A) over summary (B) over body
 *   text (C), built with the row's text search configuration (`danish` for da, `english` for en,
 *   `simple` for the other locales), and a GIN index on it.
 * - SQLite: an FTS5 table over title, summary and body (tokenizer `unicode61 remove_diacritics 2`)
 *   that reads its text from search_entries and is kept in step by triggers.
 * - MySQL/MariaDB: the table only; search answers that it needs PostgreSQL or SQLite.
 */

const TABLE = 'search_entries';

const clientOf = (knex) => String(knex.client.config.client);
const isPostgres = (knex) => /^(pg|postgres|postgresql)$/.test(clientOf(knex));
const isSqlite = (knex) => /sqlite/.test(clientOf(knex));

module.exports = {
  async up(knex) {
    if (await knex.schema.hasTable(TABLE)) return;
    await knex.schema.createTable(TABLE, (table) => {
      table.increments('id');
      table.string('content_type', 100).notNullable();
      table.string('document_id', 64).notNullable();
      table.string('locale', 16).notNullable();
      table.string('slug', 255);
      table.text('title').notNullable();
      table.text('summary');
      table.text('body');
      table.timestamp('indexed_at').notNullable();
      table.unique(['content_type', 'document_id', 'locale'], { indexName: 'search_entries_document' });
    });

    if (isPostgres(knex)) {
      await knex.raw(`
        ALTER TABLE ?? ADD COLUMN config regconfig NOT NULL DEFAULT 'simple',
        ADD COLUMN vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector(config, coalesce(title, '')), 'A') ||
          setweight(to_tsvector(config, coalesce(summary, '')), 'B') ||
          setweight(to_tsvector(config, coalesce(body, '')), 'C')
        ) STORED`, [TABLE]);
      await knex.raw('CREATE INDEX search_entries_vector ON ?? USING GIN (vector)', [TABLE]);
    } else if (isSqlite(knex)) {
      await knex.raw(`CREATE VIRTUAL TABLE search_entries_fts USING fts5(
        title, summary, body,
        content='search_entries', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2'
      )`);
      await knex.raw(`CREATE TRIGGER search_entries_fts_insert AFTER INSERT ON search_entries BEGIN
        INSERT INTO search_entries_fts(rowid, title, summary, body) VALUES (new.id, new.title, new.summary, new.body);
      END`);
      await knex.raw(`CREATE TRIGGER search_entries_fts_delete AFTER DELETE ON search_entries BEGIN
        INSERT INTO search_entries_fts(search_entries_fts, rowid, title, summary, body) VALUES ('delete', old.id, old.title, old.summary, old.body);
      END`);
      await knex.raw(`CREATE TRIGGER search_entries_fts_update AFTER UPDATE ON search_entries BEGIN
        INSERT INTO search_entries_fts(search_entries_fts, rowid, title, summary, body) VALUES ('delete', old.id, old.title, old.summary, old.body);
        INSERT INTO search_entries_fts(rowid, title, summary, body) VALUES (new.id, new.title, new.summary, new.body);
      END`);
    }
  },

  async down(knex) {
    if (isSqlite(knex)) {
      for (const trigger of ['insert', 'delete', 'update']) await knex.raw(`DROP TRIGGER IF EXISTS search_entries_fts_${trigger}`);
      await knex.raw('DROP TABLE IF EXISTS search_entries_fts');
    }
    await knex.schema.dropTableIfExists(TABLE);
  },
};
