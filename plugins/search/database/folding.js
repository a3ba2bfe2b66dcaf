'use strict';

/**
 * Search folds Danish letters and accents (server/src/fold.ts): "laesecafe" finds "Læsecafé".
 * The index gets a folded copy of each text (`title_folded`, `summary_folded`, `body_folded`,
 * written by server/src/store.ts) and its full-text part is built from that copy:
 *
 * - PostgreSQL: `vector` is generated from the folded columns (still weighted title A, summary B,
 *   body C, with the row's text search configuration, so Danish is still stemmed).
 * - SQLite: the FTS5 table indexes the folded columns and reads the original text from
 *   search_entries for its snippets (the folded copy has the same words in the same order).
 *
 * Entries written before have no folded copy: the index is emptied, and the next start builds it
 * again from the published documents (the plugin's bootstrap), as its reindexAll does.
 */

const TABLE = 'search_entries';
const FOLDED = ['title_folded', 'summary_folded', 'body_folded'];

const { isPostgres, isSqlite, addVector, dropVector, createFts, dropFts } = require('./fulltext');

/** Rebuilds the full-text part over `columns`, the index emptied (the next start fills it). */
async function rebuild(knex, columns) {
  if (isSqlite(knex)) await dropFts(knex);
  await knex(TABLE).delete();
  if (isPostgres(knex)) {
    await dropVector(knex);
    await addVector(knex, columns);
  } else if (isSqlite(knex)) {
    await createFts(knex, columns);
  }
}

module.exports = {
  async up(knex) {
    if (!(await knex.schema.hasTable(TABLE)) || (await knex.schema.hasColumn(TABLE, FOLDED[0]))) return;
    await knex.schema.alterTable(TABLE, (table) => {
      for (const column of FOLDED) table.text(column);
    });
    await rebuild(knex, FOLDED);
  },

  async down(knex) {
    if (!(await knex.schema.hasTable(TABLE)) || !(await knex.schema.hasColumn(TABLE, FOLDED[0]))) return;
    // The triggers and the vector read the folded columns: they go first.
    if (isSqlite(knex)) await dropFts(knex);
    if (isPostgres(knex)) await dropVector(knex);
    await knex.schema.alterTable(TABLE, (table) => {
      for (const column of FOLDED) table.dropColumn(column);
    });
    await rebuild(knex, ['title', 'summary', 'body']);
  },
};
