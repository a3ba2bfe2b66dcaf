'use strict';

/**
 * The full-text part of the search index (table search_entries), shared by its migrations:
 * PostgreSQL's generated `vector` and SQLite's FTS5 table with its triggers, built over the
 * given text columns (title, summary, body, in that order of weight).
 */

const clientOf = (knex) => String(knex.client.config.client);
const isPostgres = (knex) => /^(pg|postgres|postgresql)$/.test(clientOf(knex));
const isSqlite = (knex) => /sqlite/.test(clientOf(knex));

/** PostgreSQL: adds `vector`, generated over `columns` (weights A, B, C, the row's `config`), and its GIN index. */
async function addVector(knex, columns) {
  await knex.raw(
    `ALTER TABLE search_entries ADD COLUMN vector tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector(config, coalesce(${columns[0]}, '')), 'A') ||
      setweight(to_tsvector(config, coalesce(${columns[1]}, '')), 'B') ||
      setweight(to_tsvector(config, coalesce(${columns[2]}, '')), 'C')
    ) STORED`
  );
  await knex.raw('CREATE INDEX search_entries_vector ON search_entries USING GIN (vector)');
}

/** PostgreSQL: drops `vector` (its index goes with it). */
async function dropVector(knex) {
  await knex.raw('ALTER TABLE search_entries DROP COLUMN IF EXISTS vector');
}

/** The FTS5 table over search_entries and its triggers, indexing `columns` of each row. */
async function createFts(knex, columns) {
  const values = (row) => columns.map((column) => `${row}.${column}`).join(', ');
  await knex.raw(`CREATE VIRTUAL TABLE search_entries_fts USING fts5(
    title, summary, body,
    content='search_entries', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2'
  )`);
  await knex.raw(`CREATE TRIGGER search_entries_fts_insert AFTER INSERT ON search_entries BEGIN
    INSERT INTO search_entries_fts(rowid, title, summary, body) VALUES (new.id, ${values('new')});
  END`);
  await knex.raw(`CREATE TRIGGER search_entries_fts_delete AFTER DELETE ON search_entries BEGIN
    INSERT INTO search_entries_fts(search_entries_fts, rowid, title, summary, body) VALUES ('delete', old.id, ${values('old')});
  END`);
  await knex.raw(`CREATE TRIGGER search_entries_fts_update AFTER UPDATE ON search_entries BEGIN
    INSERT INTO search_entries_fts(search_entries_fts, rowid, title, summary, body) VALUES ('delete', old.id, ${values('old')});
    INSERT INTO search_entries_fts(rowid, title, summary, body) VALUES (new.id, ${values('new')});
  END`);
}

async function dropFts(knex) {
  for (const trigger of ['insert', 'delete', 'update']) await knex.raw(`DROP TRIGGER IF EXISTS search_entries_fts_${trigger}`);
  await knex.raw('DROP TABLE IF EXISTS search_entries_fts');
}

module.exports = { isPostgres, isSqlite, addVector, dropVector, createFts, dropFts };
