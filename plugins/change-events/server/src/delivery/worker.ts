import { Webhook } from 'standardwebhooks';
import type { DeliverySettings, EndpointConfig } from '../config';
import type { Delivery, Outbox } from '../outbox/store';
import { backoffMs } from './backoff';
import { send, type Attempt } from './send';

export type WorkerLog = { info(message: string): void; warn(message: string): void; error(message: string): void };

/**
 * Sends due deliveries: every `pollIntervalMs`, and at once when this instance has recorded an
 * event (`kick`). One pass claims a batch, sends it (each to a different document), records
 * each outcome, and goes on while there is more due. Signed per attempt (a retry carries the same
 * `webhook-id` and a new timestamp and signature).
 */
export class DeliveryWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private lastPrune = 0;
  private readonly signers: Map<string, { endpoint: EndpointConfig; webhook: Webhook }>;

  constructor(
    private readonly outbox: Outbox,
    endpoints: EndpointConfig[],
    private readonly settings: DeliverySettings,
    private readonly log: WorkerLog,
    private readonly clock: () => number = Date.now
  ) {
    this.signers = new Map(endpoints.map((endpoint) => [endpoint.name, { endpoint, webhook: new Webhook(endpoint.secret) }]));
  }

  /**
   * The lease of a claim: long enough for the attempt (at most its timeout) and the outcome's
   * write. An instance killed mid-delivery holds its claims this long, then another sends them.
   */
  get leaseMs(): number {
    return this.settings.timeoutMs * 2 + 5000;
  }

  start(): void {
    if (this.timer || this.signers.size === 0) return;
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.settings.pollIntervalMs);
    this.timer.unref();
    this.kick();
  }

  /** Runs a pass now (or right after the one running). */
  kick(): void {
    if (this.stopped || this.signers.size === 0) return;
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
    const claimed = await this.outbox.claim([...this.signers.keys()], this.clock(), this.settings.batchSize, this.leaseMs);
    await Promise.all(claimed.map((delivery) => this.deliver(delivery)));
    return claimed.length;
  }

  private async deliver(delivery: Delivery): Promise<void> {
    const signer = this.signers.get(delivery.endpoint);
    if (!signer) return;
    const sentAt = new Date(this.clock());
    let attempt: Attempt;
    try {
      const signature = signer.webhook.sign(delivery.webhookId, sentAt, delivery.payload);
      const headers = {
        'webhook-id': delivery.webhookId,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': signature,
        'user-agent': 'strapi-plugin-change-events',
      };
      attempt = await send(signer.endpoint.url, delivery.payload, headers, this.settings);
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
