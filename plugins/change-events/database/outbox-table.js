'use strict';

/**
 * The change-events outbox: one row per event and endpoint, written in the transaction of the
 * change itself and kept as the delivery log. An app runs this from a knex migration of its own
 * (database/migrations/<date>.change-events.js: `module.exports = require('strapi-plugin-change-events/database/outbox-table')`);
 * the plugin's boot refuses to start without the table.
 *
 * Times are epoch milliseconds (bigint): the same arithmetic on every database.
 */
const TABLE = 'change_event_deliveries';

/** @param {import('knex').Knex} knex */
async function up(knex) {
  if (await knex.schema.hasTable(TABLE)) return;
  await knex.schema.createTable(TABLE, (table) => {
    table.increments('id').primary();
    // The Standard Webhooks message id (webhook-id): the same for every endpoint and every retry of one event.
    table.string('webhook_id', 64).notNullable();
    table.string('endpoint', 100).notNullable();
    table.string('event_type', 64).notNullable();
    table.string('content_type', 255).notNullable();
    table.string('document_id', 64).notNullable();
    // Deliveries of one document to one endpoint go out in id order, one at a time.
    table.string('document_key', 330).notNullable();
    table.text('payload').notNullable();
    // pending | delivered | failed
    table.string('status', 16).notNullable();
    table.integer('attempts').notNullable().defaultTo(0);
    table.bigInteger('created_at').notNullable();
    table.bigInteger('next_attempt_at').notNullable();
    // After this the delivery is marked failed instead of retried (a replay moves it).
    table.bigInteger('give_up_at').notNullable();
    // A claimed delivery belongs to one instance until then (a crashed instance's claim runs out).
    table.bigInteger('locked_until').notNullable().defaultTo(0);
    table.string('locked_by', 64).nullable();
    table.bigInteger('last_attempt_at').nullable();
    table.integer('last_status').nullable();
    table.string('last_error', 500).nullable();
    table.bigInteger('delivered_at').nullable();
    table.index(['status', 'next_attempt_at'], 'change_event_deliveries_due');
    table.index(['endpoint', 'document_key', 'status', 'id'], 'change_event_deliveries_order');
    table.index(['endpoint', 'id'], 'change_event_deliveries_log');
  });
}

/** @param {import('knex').Knex} knex */
async function down(knex) {
  await knex.schema.dropTableIfExists(TABLE);
}

module.exports = { up, down, TABLE };
