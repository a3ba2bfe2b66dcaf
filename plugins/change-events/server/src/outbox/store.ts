import type { Knex } from 'knex';

/** The table of plugins/change-events/database/outbox-table.js. */
export const TABLE = 'change_event_deliveries';

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/** One event on its way to one endpoint, and its log. */
export type Delivery = {
  id: number;
  webhookId: string;
  endpoint: string;
  eventType: string;
  contentType: string;
  documentId: string;
  payload: string;
  status: DeliveryStatus;
  attempts: number;
  createdAt: number;
  nextAttemptAt: number;
  giveUpAt: number;
  lastAttemptAt: number | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: number | null;
};

export type NewDelivery = Pick<Delivery, 'webhookId' | 'endpoint' | 'eventType' | 'contentType' | 'documentId' | 'payload'>;

type Row = Record<string, unknown>;
const num = (value: unknown) => (value === null || value === undefined ? null : Number(value));

function fromRow(row: Row): Delivery {
  return {
    id: Number(row.id),
    webhookId: String(row.webhook_id),
    endpoint: String(row.endpoint),
    eventType: String(row.event_type),
    contentType: String(row.content_type),
    documentId: String(row.document_id),
    payload: String(row.payload),
    status: row.status as DeliveryStatus,
    attempts: Number(row.attempts),
    createdAt: Number(row.created_at),
    nextAttemptAt: Number(row.next_attempt_at),
    giveUpAt: Number(row.give_up_at),
    lastAttemptAt: num(row.last_attempt_at),
    lastStatus: num(row.last_status),
    lastError: (row.last_error as string | null) ?? null,
    deliveredAt: num(row.delivered_at),
  };
}

/**
 * The outbox and delivery log, in the app's database (knex). Deliveries of one document to one
 * endpoint go out in the order of their events, one at a time: a delivery is due only when no
 * earlier one of its document and endpoint is still pending. A claimed delivery belongs to the
 * instance that claimed it until its lease runs out (an instance killed mid-delivery: another
 * takes it over then); on PostgreSQL and MySQL concurrent claims skip each other's rows
 * (`FOR UPDATE SKIP LOCKED`), on SQLite the database's single writer serialises them.
 */
export class Outbox {
  constructor(
    private readonly knex: () => Knex,
    private readonly client: string,
    private readonly schema: string | undefined,
    /** Who claims: this instance. */
    readonly owner: string
  ) {}

  private table(k: Knex | Knex.Transaction, alias?: string): Knex.QueryBuilder {
    const name = alias ? `${TABLE} as ${alias}` : TABLE;
    return this.schema ? k.withSchema(this.schema).from(name) : k.from(name);
  }

  /** Fails clearly when the table is missing (the app has not added the plugin's migration). */
  async check(): Promise<void> {
    const k = this.knex();
    const exists = await (this.schema ? k.schema.withSchema(this.schema) : k.schema).hasTable(TABLE);
    if (!exists) {
      throw new Error(
        `[change-events] the table ${TABLE} is missing: add the plugin's migration to the app (database/migrations/<date>.change-events.js: module.exports = require('strapi-plugin-change-events/database/outbox-table')) and start again`
      );
    }
  }

  /** Writes new deliveries, in the transaction of the change they describe. */
  async add(trx: Knex.Transaction, deliveries: NewDelivery[], now: number, retryForMs: number): Promise<void> {
    if (deliveries.length === 0) return;
    await this.table(trx).insert(
      deliveries.map((delivery) => ({
        webhook_id: delivery.webhookId,
        endpoint: delivery.endpoint,
        event_type: delivery.eventType,
        content_type: delivery.contentType,
        document_id: delivery.documentId,
        document_key: `${delivery.contentType}:${delivery.documentId}`,
        payload: delivery.payload,
        status: 'pending',
        attempts: 0,
        created_at: now,
        next_attempt_at: now,
        give_up_at: now + retryForMs,
        locked_until: 0,
      }))
    );
  }

  /**
   * Claims up to `limit` due deliveries of these endpoints for `leaseMs`: the first pending one of
   * each document and endpoint, oldest first. Counts the attempt.
   */
  async claim(endpoints: string[], now: number, limit: number, leaseMs: number): Promise<Delivery[]> {
    if (endpoints.length === 0) return [];
    return this.knex().transaction(async (trx) => {
      const schema = this.schema;
      const due = this.table(trx, 'd')
        .select('d.id')
        .where('d.status', 'pending')
        .where('d.next_attempt_at', '<=', now)
        .where('d.locked_until', '<=', now)
        .whereIn('d.endpoint', endpoints)
        .whereNotExists(function earlier(this: Knex.QueryBuilder) {
          (schema ? this.withSchema(schema) : this)
            .select(trx.raw('1'))
            .from(`${TABLE} as e`)
            .whereRaw('e.endpoint = d.endpoint')
            .whereRaw('e.document_key = d.document_key')
            .where('e.status', 'pending')
            .whereRaw('e.id < d.id');
        })
        .orderBy('d.id')
        .limit(limit);
      if (this.client !== 'sqlite') due.forUpdate().skipLocked();
      const ids = ((await due) as Row[]).map((row) => Number(row.id));
      if (ids.length === 0) return [];
      await this.table(trx)
        .whereIn('id', ids)
        .update({ locked_until: now + leaseMs, locked_by: this.owner, last_attempt_at: now, attempts: trx.raw('attempts + 1') });
      const rows = (await this.table(trx).select('*').whereIn('id', ids).orderBy('id')) as Row[];
      return rows.map(fromRow);
    });
  }

  /** Records a delivery's success (if this instance still holds it). */
  async delivered(delivery: Delivery, now: number, status: number | null): Promise<void> {
    await this.table(this.knex()).where({ id: delivery.id, locked_by: this.owner }).update({ status: 'delivered', delivered_at: now, last_status: status, last_error: null, locked_until: 0 });
  }

  /** Records a failed attempt: retried at `retryAt`, or failed for good when that is past the delivery's give-up time. */
  async attemptFailed(delivery: Delivery, now: number, status: number | null, error: string, retryAt: number): Promise<DeliveryStatus> {
    const next: DeliveryStatus = retryAt > delivery.giveUpAt ? 'failed' : 'pending';
    await this.table(this.knex())
      .where({ id: delivery.id, locked_by: this.owner })
      .update({ status: next, next_attempt_at: next === 'pending' ? retryAt : delivery.nextAttemptAt, last_status: status, last_error: error.slice(0, 500), locked_until: 0 });
    return next;
  }

  /** Puts failed deliveries back in the queue for another `retryForMs` (one by id, or every failed one of an endpoint). Returns how many. */
  async replay(which: { id: number } | { endpoint: string }, now: number, retryForMs: number): Promise<number> {
    const query = this.table(this.knex()).where('status', 'failed');
    if ('id' in which) query.where('id', which.id);
    else query.where('endpoint', which.endpoint);
    return Number(await query.update({ status: 'pending', next_attempt_at: now, give_up_at: now + retryForMs, locked_until: 0 }));
  }

  /** The log, newest first: `before` an id for the next page. */
  async list({ endpoint, status, before, limit }: { endpoint?: string; status?: DeliveryStatus; before?: number; limit: number }): Promise<Delivery[]> {
    const query = this.table(this.knex()).select('*').orderBy('id', 'desc').limit(limit);
    if (endpoint) query.where('endpoint', endpoint);
    if (status) query.where('status', status);
    if (before) query.where('id', '<', before);
    return ((await query) as Row[]).map(fromRow);
  }

  async get(id: number): Promise<Delivery | null> {
    const row = (await this.table(this.knex()).select('*').where('id', id).first()) as Row | undefined;
    return row ? fromRow(row) : null;
  }

  /** Deletes delivered and failed deliveries whose event is older than `before` (the log's retention); pending ones stay. Returns how many. */
  async prune(before: number): Promise<number> {
    return Number(await this.table(this.knex()).whereIn('status', ['delivered', 'failed']).where('created_at', '<', before).delete());
  }

  /** Deliveries per endpoint and status, and each endpoint's last delivery time. */
  async counts(): Promise<Array<{ endpoint: string; status: DeliveryStatus; count: number; lastDeliveredAt: number | null }>> {
    const rows = (await this.table(this.knex()).select('endpoint', 'status').count({ count: '*' }).max({ last: 'delivered_at' }).groupBy('endpoint', 'status')) as Row[];
    return rows.map((row) => ({ endpoint: String(row.endpoint), status: row.status as DeliveryStatus, count: Number(row.count), lastDeliveredAt: num(row.last) }));
  }
}
