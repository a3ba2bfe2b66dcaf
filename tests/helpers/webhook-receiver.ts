import { randomBytes } from 'crypto';
import http from 'http';
import type { AddressInfo } from 'net';
import { Webhook } from 'standardwebhooks';

/** One request a receiver got, verified with the Standard Webhooks library (`verified` false when the signature did not match). */
export type Received = { id: string; timestamp: number; verified: boolean; status: number; body: any; at: number };

/**
 * A webhook receiver as a web team runs one: it verifies each request with the maintained
 * `standardwebhooks` library and answers 204, or `failWith` (a status) while set, or nothing at
 * all while `down` (the connection is closed).
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  failWith: number | null = null;
  down = false;
  /** Requests dropped while down. */
  dropped = 0;
  private server: http.Server;
  private readonly webhook: Webhook;

  private constructor(readonly secret: string) {
    this.webhook = new Webhook(secret);
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        if (this.down) {
          this.dropped += 1;
          return req.socket.destroy();
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        let verified = true;
        let body: unknown;
        try {
          body = this.webhook.verify(raw, req.headers as Record<string, string>);
        } catch {
          verified = false;
          body = JSON.parse(raw);
        }
        const status = this.failWith ?? 204;
        this.received.push({ id: String(req.headers['webhook-id']), timestamp: Number(req.headers['webhook-timestamp']), verified, status, body, at: Date.now() });
        res.writeHead(status).end();
      });
    });
  }

  static async start(secret: string, port = 0): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver(secret);
    await new Promise<void>((resolve) => receiver.server.listen(port, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/cms`;
  }

  /** The requests answered 2xx with a valid signature, in the order they arrived. */
  accepted(): Received[] {
    return this.received.filter((entry) => entry.verified && entry.status < 300);
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** A fresh Standard Webhooks signing secret. */
export const webhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;
