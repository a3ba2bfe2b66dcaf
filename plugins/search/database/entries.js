'use strict';

/**
 * The search index: one row per published document of a searched type in each locale (the
 * plugin keeps it current). The full-text part depends on the database:
 *
 * - PostgreSQL: `vector`, a stored generated tsvector weighted title (A) over summary (B) over body
 *   text (C), built with the row's text search configuration (config `textSearchConfigs`: `danish`
 *   for da, …, `simple` for locales not named), and a GIN index on it.
 * - SQLite: an FTS5 table over title, summary and body (tokenizer `unicode61 remove_diacritics 2`)
 *   that reads its text from search_entries and is kept in step by triggers.
 * - MySQL/MariaDB: the table only; search answers that it needs PostgreSQL or SQLite.
 */

const TABLE = 'search_entries';

const { isPostgres, isSqlite, addVector, createFts, dropFts } = require('./fulltext');

const TEXT = ['title', 'summary', 'body'];

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
      await knex.raw(`ALTER TABLE ?? ADD COLUMN config regconfig NOT NULL DEFAULT 'simple'`, [TABLE]);
      await addVector(knex, TEXT);
    } else if (isSqlite(knex)) {
      await createFts(knex, TEXT);
    }
  },

  async down(knex) {
    if (isSqlite(knex)) await dropFts(knex);
    await knex.schema.dropTableIfExists(TABLE);
  },
};
