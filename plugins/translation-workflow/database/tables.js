'use strict';

/**
 * The translation-workflow plugin's tables. An app runs this from a knex migration of its own
 * (database/migrations/<date>.translation-workflow.js:
 * `module.exports = require('strapi-plugin-translation-workflow/database/tables')`); the plugin's
 * boot refuses to start without them.
 *
 * translation_states: one row per version (content type, document, locale, draft or published):
 * a hash of its translatable content, and the source version's hash and content it was last
 * edited against. translation_sources: a document's source locale, when it is not the default.
 * Times are epoch milliseconds (bigint): the same arithmetic on every database.
 */
const STATES = 'translation_states';
const SOURCES = 'translation_sources';

/** @param {import('knex').Knex} knex */
async function up(knex) {
  if (!(await knex.schema.hasTable(STATES))) {
    await knex.schema.createTable(STATES, (table) => {
      table.increments('id').primary();
      table.string('content_type', 255).notNullable();
      table.string('document_id', 64).notNullable();
      table.string('locale', 32).notNullable();
      // draft | published (a type without drafts has published rows only)
      table.string('status', 16).notNullable();
      // SHA-256 (hex) of this version's translatable content, and when it last changed
      table.string('content_hash', 64).notNullable();
      table.bigInteger('content_changed_at').notNullable();
      // The source version this one was last edited against: its locale, hash and translatable content (JSON)
      table.string('based_on_locale', 32).nullable();
      table.string('based_on_hash', 64).nullable();
      table.text('based_on_content', 'longtext').nullable();
      // The provider that wrote this version (a machine translation no editor has saved since), or null
      table.string('machine_provider', 32).nullable();
      table.bigInteger('edited_at').notNullable();
      table.unique(['content_type', 'document_id', 'locale', 'status'], { indexName: 'translation_states_version' });
      table.index(['content_type', 'status', 'locale'], 'translation_states_coverage');
    });
  }
  if (!(await knex.schema.hasTable(SOURCES))) {
    await knex.schema.createTable(SOURCES, (table) => {
      table.increments('id').primary();
      table.string('content_type', 255).notNullable();
      table.string('document_id', 64).notNullable();
      table.string('source_locale', 32).notNullable();
      table.unique(['content_type', 'document_id'], { indexName: 'translation_sources_document' });
    });
  }
}

/** @param {import('knex').Knex} knex */
async function down(knex) {
  await knex.schema.dropTableIfExists(SOURCES);
  await knex.schema.dropTableIfExists(STATES);
}

module.exports = { up, down, STATES, SOURCES };
