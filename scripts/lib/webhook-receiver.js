// @ts-check
/**
 * A webhook receiver as a web team runs one, for the tests (tests/helpers/webhook-receiver.ts)
 * and the webhook benchmark (scripts/webhook-bench.js): it verifies each request with the
 * maintained `standardwebhooks` library and answers 204, or `failWith` (a status) while set; while
 * `down`, it closes each connection without an answer; while `hanging`, it keeps requests open
 * without one (a receiver that is down behind a proxy) until answerAgain().
 */
const { randomBytes } = require('crypto');
const http = require('http');
const { performance } = require('perf_hooks');
const { Webhook } = require('standardwebhooks');

/**
 * One request the receiver got. `verified` is false when the signature did not match; `at` is
 * the wall-clock time (ms), `atMonotonic` performance.now() (for latencies).
 * @typedef {{ id: string, timestamp: number, verified: boolean, status: number, body: any, at: number, atMonotonic: number }} Received
 */

class WebhookReceiver {
  /** @param {string} secret */
  constructor(secret) {
    this.secret = secret;
    /** @type {Received[]} */
    this.received = [];
    /** @type {number | null} */
    this.failWith = null;
    this.down = false;
    this.hanging = false;
    /** Requests dropped while down. */
    this.dropped = 0;
    /** @type {http.ServerResponse[]} requests held while hanging */
    this.held = [];
    const webhook = new Webhook(secret);
    this.server = http.createServer((req, res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      req.on('data', (chunk) => chunks.push(chunk));
      req.on('end', () => {
        if (this.down) {
          this.dropped += 1;
          return void req.socket.destroy();
        }
        if (this.hanging) return void this.held.push(res);
        const raw = Buffer.concat(chunks).toString('utf8');
        let verified = true;
        /** @type {unknown} */
        let body;
        try {
          body = webhook.verify(raw, /** @type {Record<string, string>} */ (req.headers));
        } catch {
          verified = false;
          try {
            body = JSON.parse(raw);
          } catch {
            body = raw; // not even JSON: kept as it came
          }
        }
        const status = this.failWith ?? 204;
        this.received.push({ id: String(req.headers['webhook-id']), timestamp: Number(req.headers['webhook-timestamp']), verified, status, body, at: Date.now(), atMonotonic: performance.now() });
        res.writeHead(status).end();
      });
    });
  }

  /** A receiver listening on 127.0.0.1 (`port` 0: any free one). @param {string} secret @param {number} [port] */
  static async start(secret, port = 0) {
    const receiver = new WebhookReceiver(secret);
    await new Promise((resolve) => receiver.server.listen(port, '127.0.0.1', () => resolve(undefined)));
    return receiver;
  }

  /** @returns {string} */
  get url() {
    return `http://127.0.0.1:${/** @type {import('net').AddressInfo} */ (this.server.address()).port}/hooks/cms`;
  }

  /** The requests answered 2xx with a valid signature, in the order they arrived. */
  accepted() {
    return this.received.filter((entry) => entry.verified && entry.status < 300);
  }

  /** Stops hanging: the held requests are dropped (their senders retry). */
  answerAgain() {
    this.hanging = false;
    for (const res of this.held.splice(0)) res.destroy();
  }

  async stop() {
    for (const res of this.held.splice(0)) res.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(() => resolve(undefined)));
  }
}

/** A fresh Standard Webhooks signing secret. */
const webhookSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

module.exports = { WebhookReceiver, webhookSecret };
