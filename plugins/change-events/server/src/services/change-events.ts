import { randomBytes, randomUUID } from 'crypto';
import os from 'os';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { PURGE_ENDPOINT, readConfig, shownUrl, type EndpointConfig } from '../config';
import { DeliveryWorker } from '../delivery/worker';
import { purgeUrls, type PurgeConfig } from '../delivery/purge';
import { closeAgents } from '../delivery/send';
import { changeOf, eventPayload, type Change, type EventContentType, type EventType, type PublishedVersion } from '../events/model';
import { publishedVersions, type Model } from '../events/capture';
import { Outbox, type Delivery, type DeliveryStatus } from '../outbox/store';

/** The tags of a changed document, from the response cache of `strapi-plugin-graphql-acceleration` when the app has it. */
type TagSource = { changedDocumentTags(uid: string, documentId: string, slugs: string[]): string[] };

const matches = (patterns: string[], uid: string) => patterns.some((pattern) => (pattern === 'api::*' ? uid.startsWith('api::') : pattern === uid));

/** An endpoint as the admin shows it: no secret, the URL without query or credentials. */
export type EndpointView = {
  name: string;
  kind: 'webhook' | PurgeConfig['provider'];
  url: string;
  events: EventType[] | 'all';
  contentTypes: string[] | 'all';
  counts: Record<DeliveryStatus, number>;
  lastDeliveredAt: number | null;
};

/**
 * The plugin's public door: `strapi.plugin('change-events').service('changeEvents')`. Holds the
 * outbox and the delivery worker of this instance.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = readConfig(strapi);
  const { endpoints, delivery, purge } = config;
  const contentTypes = new Map<string, EventContentType>();
  const owner = `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  let outbox: Outbox | null = null;
  let worker: DeliveryWorker | null = null;

  /** Whether an endpoint receives events of this type (any type: null) of this content type. */
  const wants = (endpoint: EndpointConfig, type: EventType | null, uid: string) =>
    matches(config.contentTypes, uid) && (!endpoint.contentTypes || matches(endpoint.contentTypes, uid)) && (type === null || !endpoint.events || endpoint.events.includes(type));
  /** Whether changes of this content type purge the CDN. */
  const purges = (uid: string) => purge !== null && matches(config.contentTypes, uid);

  function contentTypeOf(uid: string): EventContentType {
    let known = contentTypes.get(uid);
    if (!known) {
      const graphql = strapi.plugin('graphql');
      const model = strapi.getModel(uid as never);
      const graphqlType = graphql && model ? (graphql.service('utils').naming.getTypeName(model) as string) : null;
      contentTypes.set(uid, (known = { uid, graphqlType }));
    }
    return known;
  }

  function tagsOf(uid: string, documentId: string, change: Change): string[] {
    const source = strapi.plugin('graphql-acceleration')?.service('cache') as Partial<TagSource> | undefined;
    if (!source?.changedDocumentTags) return [];
    const slugs = change.locales.flatMap((locale) => [locale.slug, locale.previousSlug]).filter((slug): slug is string => typeof slug === 'string');
    return source.changedDocumentTags(uid, documentId, [...new Set(slugs)]);
  }

  const running = () => {
    if (!outbox) throw new Error('[change-events] not started');
    return outbox;
  };

  /** Whether any endpoint (or the CDN purge) receives events of this content type. */
  const watches = (uid: string) => purges(uid) || endpoints.some((endpoint) => wants(endpoint, null, uid));

  /** Records the event of a change for every endpoint that wants it, in the change's transaction; false when none does. */
  async function record(trx: Knex.Transaction, uid: string, documentId: string, change: Change): Promise<boolean> {
    const receivers = endpoints.filter((endpoint) => wants(endpoint, change.type, uid)).map((endpoint) => endpoint.name);
    if (purges(uid)) receivers.push(PURGE_ENDPOINT);
    if (receivers.length === 0 || !outbox) return false;
    const now = Date.now();
    const payload = JSON.stringify(eventPayload(change, contentTypeOf(uid), documentId, tagsOf(uid, documentId, change), new Date(now)));
    const webhookId = `msg_${randomUUID().replace(/-/g, '')}`;
    await outbox.add(
      trx,
      receivers.map((endpoint) => ({ webhookId, endpoint, eventType: change.type, contentType: uid, documentId, payload })),
      now,
      delivery.retryForMs
    );
    return true;
  }

  /** The published versions of every document of every content type that has receivers. */
  async function snapshot(): Promise<Map<string, Map<string, PublishedVersion[]>>> {
    const found = new Map<string, Map<string, PublishedVersion[]>>();
    for (const [uid, model] of Object.entries(strapi.contentTypes as unknown as Record<string, Model>)) {
      if (watches(uid)) found.set(uid, await publishedVersions(strapi, model, null, config.slugField));
    }
    return found;
  }

  return {
    watches,

    record,

    /**
     * The published versions of every document of every content type that has receivers: what a
     * change made behind the Document Service's back (a restore of a backup) is measured against.
     */
    snapshot,

    /**
     * Records the events of every document whose published versions differ from `before` (a
     * `snapshot()`), in one transaction; returns how many. For changes made behind the Document
     * Service's back, such as a restore.
     */
    async recordDifferences(before: Map<string, Map<string, PublishedVersion[]>>): Promise<number> {
      const after = await snapshot();
      let recorded = 0;
      await strapi.db.transaction(async ({ trx }) => {
        for (const [uid, now] of after) {
          const was = before.get(uid) ?? new Map<string, PublishedVersion[]>();
          for (const documentId of new Set([...was.keys(), ...now.keys()])) {
            const versionsNow = now.get(documentId) ?? [];
            const change = changeOf(versionsNow.length === 0 ? 'delete' : 'update', was.get(documentId) ?? [], versionsNow);
            if (change && (await record(trx as Knex.Transaction, uid, documentId, change))) recorded += 1;
          }
        }
      });
      if (recorded > 0) worker?.kick();
      return recorded;
    },

    /** Sends at once what this instance has just recorded. */
    committed: () => worker?.kick(),

    /** Checks the table and starts delivering (the plugin's bootstrap). */
    async start(): Promise<void> {
      const db = strapi.db as unknown as { connection: Knex; dialect: { client: string }; getSchemaName(): string | undefined };
      outbox = new Outbox(() => db.connection, db.dialect.client, db.getSchemaName() || undefined, owner);
      await outbox.check();
      worker = new DeliveryWorker(outbox, endpoints, delivery, strapi.log, purge && { name: PURGE_ENDPOINT, config: purge });
      worker.start();
      if (endpoints.length === 0 && !purge) strapi.log.info('[change-events] no webhook endpoint or CDN purge is configured: no change event is recorded');
      if (endpoints.length > 0) strapi.log.info(`[change-events] webhooks to ${endpoints.map((endpoint) => `${endpoint.name} (${shownUrl(endpoint.url)})`).join(', ')}`);
      if (purge) strapi.log.info(`[change-events] every change purges its cache tags at ${purge.provider}`);
    },

    async stop(): Promise<void> {
      await worker?.stop();
      worker = null;
      closeAgents();
    },

    /** The endpoints (and the CDN purge) with their delivery counts. */
    async endpoints(): Promise<EndpointView[]> {
      const counts = await running().counts();
      const view = (name: string, kind: EndpointView['kind'], url: string, events: EndpointView['events'], types: EndpointView['contentTypes']): EndpointView => {
        const own = counts.filter((row) => row.endpoint === name);
        const count = (status: DeliveryStatus) => own.find((row) => row.status === status)?.count ?? 0;
        const delivered = own.map((row) => row.lastDeliveredAt).filter((at): at is number => at !== null);
        return {
          name,
          kind,
          url,
          events,
          contentTypes: types,
          counts: { pending: count('pending'), delivered: count('delivered'), failed: count('failed') },
          lastDeliveredAt: delivered.length > 0 ? Math.max(...delivered) : null,
        };
      };
      const views = endpoints.map((endpoint) => view(endpoint.name, 'webhook', shownUrl(endpoint.url), endpoint.events ?? 'all', endpoint.contentTypes ?? 'all'));
      if (purge) views.push(view(PURGE_ENDPOINT, purge.provider, purgeUrls(purge).map(shownUrl).join(' '), 'all', 'all'));
      return views;
    },

    /** The delivery log, newest first. */
    deliveries: (query: { endpoint?: string; status?: DeliveryStatus; before?: number; limit?: number }): Promise<Delivery[]> =>
      running().list({ ...query, limit: Math.min(Math.max(query.limit ?? 50, 1), 200) }),

    delivery: (id: number) => running().get(id),

    /** Sends failed deliveries again (one, or every failed one of an endpoint), for another retry window. Returns how many. */
    async replay(which: { id: number } | { endpoint: string }): Promise<number> {
      const count = await running().replay(which, Date.now(), delivery.retryForMs);
      if (count > 0) worker?.kick();
      return count;
    },
  };
};
