import { Webhook } from 'standardwebhooks';
import type { DeliverySettings, EndpointConfig } from '../config';
import type { Delivery, Outbox } from '../outbox/store';
import { backoffMs } from './backoff';
import { purgeRequests, type PurgeConfig } from './purge';
import { send, type Attempt } from './send';

export type WorkerLog = { info(message: string): void; warn(message: string): void; error(message: string): void };

/**
 * Sends due deliveries: every `pollIntervalMs`, and at once when this instance has recorded an
 * event (`kick`). One pass claims a batch, sends it (each to a different document), records
 * each outcome, and goes on while there is more due. Targets: webhook endpoints, and the CDN
 * purge when one is configured.
 */
export class DeliveryWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private lastPrune = 0;
  /** Per endpoint name, how one attempt of a delivery to it is made. */
  private readonly targets: Map<string, (delivery: Delivery, at: Date) => Promise<Attempt>>;

  constructor(
    private readonly outbox: Outbox,
    endpoints: EndpointConfig[],
    private readonly settings: DeliverySettings,
    private readonly log: WorkerLog,
    purge: { name: string; config: PurgeConfig } | null = null,
    private readonly clock: () => number = Date.now
  ) {
    this.targets = new Map(endpoints.map((endpoint) => [endpoint.name, this.webhookTarget(endpoint)]));
    if (purge) this.targets.set(purge.name, this.purgeTarget(purge.config));
  }

  /** A webhook: the event POSTed, signed per attempt (a retry has the same webhook-id, a new timestamp and signature). */
  private webhookTarget(endpoint: EndpointConfig) {
    const webhook = new Webhook(endpoint.secret);
    return (delivery: Delivery, at: Date) => {
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'strapi-plugin-change-events',
        'webhook-id': delivery.webhookId,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': webhook.sign(delivery.webhookId, at, delivery.payload),
      };
      return send({ url: endpoint.url, method: 'POST', headers, body: delivery.payload }, this.settings);
    };
  }

  /**
   * A CDN purge of the event's tags: every request must succeed. Varnish servers are the app's
   * own, usually on a private network: always allowed.
   */
  private purgeTarget(config: PurgeConfig) {
    const options = config.provider === 'varnish' ? { ...this.settings, allowPrivateAddresses: true } : this.settings;
    return async (delivery: Delivery): Promise<Attempt> => {
      const tags = (JSON.parse(delivery.payload) as { data?: { tags?: string[] } }).data?.tags ?? [];
      let last: Attempt = { ok: true, status: null, error: null };
      for (const request of purgeRequests(config, tags)) {
        last = await send(request, options);
        if (!last.ok) return { ...last, error: `${request.method} ${new URL(request.url).host}: ${last.error}` };
      }
      return last;
    };
  }

  /**
   * The lease of a claim: long enough for the attempt (at most its timeout) and the outcome's
   * write. An instance killed mid-delivery holds its claims this long, then another sends them.
   */
  get leaseMs(): number {
    return this.settings.timeoutMs * 2 + 5000;
  }

  start(): void {
    if (this.timer || this.targets.size === 0) return;
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.settings.pollIntervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Runs a pass now (or right after the one running). */
  kick(): void {
    if (this.stopped || this.targets.size === 0) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.passes()
      .catch((error: Error) => this.log.warn(`[change-events] delivery pass failed: ${error.message}`))
      .finally(() => {
        this.running = null;
      });
  }

  /** Waits for the pass running, if any. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.idle();
  }

  /** Passes until nothing more is due (what failed waits for its backoff). */
  private async passes(): Promise<void> {
    do {
      this.again = false;
      const sent = await this.pass();
      if (sent > 0) this.again = true;
    } while (this.again && !this.stopped);
    await this.pruneDaily();
  }

  /** One claim and its sends; returns how many were sent. */
  async pass(): Promise<number> {
    const claimed = await this.outbox.claim([...this.targets.keys()], this.clock(), this.settings.batchSize, this.leaseMs);
    await Promise.all(claimed.map((delivery) => this.deliver(delivery)));
    return claimed.length;
  }

  private async deliver(delivery: Delivery): Promise<void> {
    const target = this.targets.get(delivery.endpoint);
    if (!target) return;
    let attempt: Attempt;
    try {
      attempt = await target(delivery, new Date(this.clock()));
    } catch (error) {
      attempt = { ok: false, status: null, error: (error as Error).message };
    }
    const now = this.clock();
    if (attempt.ok) {
      await this.outbox.delivered(delivery, now, attempt.status);
      return;
    }
    const retryAt = now + backoffMs(delivery.attempts, this.settings.initialBackoffMs, this.settings.maxBackoffMs);
    const outcome = await this.outbox.attemptFailed(delivery, now, attempt.status, attempt.error ?? 'failed', retryAt);
    const what = `${delivery.eventType} ${delivery.webhookId} to ${delivery.endpoint}`;
    if (outcome === 'failed') this.log.error(`[change-events] ${what} failed for good after ${delivery.attempts} attempts: ${attempt.error} (replay it from the admin)`);
    else if (delivery.attempts === 1) this.log.warn(`[change-events] ${what}: ${attempt.error}; retrying with backoff`);
  }

  /** Drops delivered and failed deliveries past the log's retention, once a day per instance. */
  private async pruneDaily(): Promise<void> {
    const now = this.clock();
    if (now - this.lastPrune < 24 * 60 * 60 * 1000) return;
    this.lastPrune = now;
    const removed = await this.outbox.prune(now - this.settings.keepLogMs);
    if (removed > 0) this.log.info(`[change-events] removed ${removed} deliveries older than the log's retention`);
  }
}
