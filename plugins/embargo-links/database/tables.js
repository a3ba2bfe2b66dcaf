'use strict';

/**
 * The embargo-links plugin's tables: the links (a hash of each token, never the token) and the
 * access log. An app runs this from a knex migration of its own
 * (database/migrations/<date>.embargo-links.js: `module.exports = require('strapi-plugin-embargo-links/database/tables')`);
 * the plugin's boot refuses to start without the tables.
 *
 * Times are epoch milliseconds (bigint): the same arithmetic on every database.
 */
const LINKS = 'embargo_links';
const ACCESSES = 'embargo_link_accesses';

/** @param {import('knex').Knex} knex */
async function up(knex) {
  if (!(await knex.schema.hasTable(LINKS))) {
    await knex.schema.createTable(LINKS, (table) => {
      table.increments('id').primary();
      // SHA-256 of the token (hex): a copy of the database opens no embargoed release.
      table.string('token_hash', 64).notNullable().unique('embargo_links_token_hash');
      table.string('content_type', 255).notNullable();
      table.string('document_id', 64).notNullable();
      table.string('locale', 32).notNullable();
      table.string('journalist_name', 200).notNullable();
      table.string('journalist_email', 254).notNullable();
      table.string('outlet', 200).nullable();
      table.bigInteger('created_at').notNullable();
      table.integer('created_by_id').nullable();
      table.string('created_by', 200).nullable();
      table.bigInteger('expires_at').notNullable();
      table.bigInteger('revoked_at').nullable();
      table.string('revoked_by', 200).nullable();
      table.index(['content_type', 'document_id', 'locale'], 'embargo_links_document');
    });
  }
  if (!(await knex.schema.hasTable(ACCESSES))) {
    await knex.schema.createTable(ACCESSES, (table) => {
      table.increments('id').primary();
      table.integer('link_id').notNullable().references('id').inTable(LINKS).onDelete('CASCADE');
      table.bigInteger('accessed_at').notNullable();
      // read | expired | revoked | gone (the release or its language version was deleted)
      table.string('outcome', 16).notNullable();
      table.string('user_agent', 300).nullable();
      table.index(['link_id', 'id'], 'embargo_link_accesses_link');
    });
  }
}

/** @param {import('knex').Knex} knex */
async function down(knex) {
  await knex.schema.dropTableIfExists(ACCESSES);
  await knex.schema.dropTableIfExists(LINKS);
}

module.exports = { up, down, LINKS, ACCESSES };
