import { lookup as dnsLookup, type LookupAddress } from 'dns';
import http from 'http';
import https from 'https';
import { isIP, type LookupFunction } from 'net';
import { isPublicAddress } from './addresses';

export type SendOptions = {
  timeoutMs: number;
  maxResponseBytes: number;
  allowPrivateAddresses: boolean;
};

/** What one attempt got: the receiver's status, or why there was none. */
export type Attempt = { ok: boolean; status: number | null; error: string | null };

class Refused extends Error {}

/**
 * A DNS look-up that refuses non-public addresses: the check is made on the addresses the
 * connection is about to use, so a name that resolves to a private address (or one that changes
 * its answer between a check and the connection: DNS rebinding) is refused.
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
    if (error) return callback(error, '', 0);
    const refused = addresses.find((entry) => !isPublicAddress(entry.address));
    if (refused) return callback(new Refused(`${hostname} resolves to ${refused.address}, which is not a public address`), '', 0);
    if ((options as { all?: boolean }).all) return (callback as unknown as (error: null, addresses: LookupAddress[]) => void)(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};

const agents = new Map<string, http.Agent>();

/** One keep-alive agent per origin and address rule: a burst reuses its connections. */
function agentFor(url: URL, allowPrivate: boolean): http.Agent {
  const key = `${url.protocol}//${url.host}|${allowPrivate}`;
  let agent = agents.get(key);
  if (!agent) {
    const options = { keepAlive: true, maxSockets: 16, ...(allowPrivate ? {} : { lookup: publicOnlyLookup }) };
    agent = url.protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
    agents.set(key, agent);
  }
  return agent;
}

/** Closes the kept connections (at shutdown). */
export function closeAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

/** One request: a webhook's POST, or a CDN's purge. */
export type OutgoingRequest = { url: string; method: string; headers: Record<string, string>; body: string | null };

/**
 * Sends one request (a webhook's event, a purge). A 2xx is a delivery; anything else (another
 * status, a redirect, which is not followed, a timeout, a refused address) is an attempt to
 * retry. The response body is read up to `maxResponseBytes` and dropped.
 */
export function send({ url: target, method, headers, body }: OutgoingRequest, options: SendOptions): Promise<Attempt> {
  const url = new URL(target);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!options.allowPrivateAddresses && isIP(host) && !isPublicAddress(host)) {
    return Promise.resolve({ ok: false, status: null, error: `${host} is not a public address (allowPrivateAddresses is off)` });
  }
  return new Promise((resolve) => {
    let settled = false;
    // Called only from the request's events, which come after the timer is set.
    const finish = (attempt: Attempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(attempt);
    };
    const transport = url.protocol === 'https:' ? https : http;
    const request = transport.request(url, {
      method,
      agent: agentFor(url, options.allowPrivateAddresses),
      headers: body === null ? headers : { ...headers, 'content-length': String(Buffer.byteLength(body)) },
    });
    const timer = setTimeout(() => {
      request.destroy();
      finish({ ok: false, status: null, error: `no response within ${options.timeoutMs} ms` });
    }, options.timeoutMs);
    request.on('error', (error) => finish({ ok: false, status: null, error: error instanceof Refused ? error.message : `${(error as NodeJS.ErrnoException).code ?? 'error'}: ${error.message}` }));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      const ok = status >= 200 && status < 300;
      const error = ok ? null : status >= 300 && status < 400 ? `redirect to ${response.headers.location ?? '(no location)'} not followed` : `HTTP ${status}`;
      let read = 0;
      response.on('data', (chunk: Buffer) => {
        read += chunk.length;
        if (read > options.maxResponseBytes) {
          // Enough: the status is known, the rest of the body is not needed.
          response.destroy();
          finish({ ok, status, error });
        }
      });
      response.on('end', () => finish({ ok, status, error }));
      response.on('error', () => finish({ ok, status, error }));
      response.on('close', () => finish({ ok, status, error }));
    });
    request.end(body ?? undefined);
  });
}
