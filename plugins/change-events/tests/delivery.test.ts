import http from 'http';
import type { AddressInfo } from 'net';
import config, { readConfig, secretProblem, shownUrl } from '../server/src/config';
import { closeAgents, send } from '../server/src/delivery/send';

const SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
const endpoint = (extra: Record<string, unknown> = {}) => ({ name: 'site', url: 'https://site.example/api/revalidate', secret: SECRET, ...extra });
const withEndpoints = (...endpoints: unknown[]) => ({ ...config.default(), endpoints });

describe('change-events configuration', () => {
  it('takes the defaults: no endpoints, every API content type, a day of retries', () => {
    const defaults = config.default();
    expect(defaults).toMatchObject({ endpoints: [], slugField: 'slug' });
    // contentTypes left out: every API content type, filled in as the configuration is read.
    expect(readConfig({ config: { get: () => defaults } }).contentTypes).toEqual(['api::*']);
    expect(defaults.delivery).toMatchObject({ retryForMs: 86_400_000, initialBackoffMs: 1000, maxBackoffMs: 3_600_000, timeoutMs: 10_000, maxResponseBytes: 65_536 });
    expect(() => config.validator(defaults)).not.toThrow();
    expect(() => config.validator(withEndpoints(endpoint(), endpoint({ name: 'search', events: ['document.published'], contentTypes: ['api::press-release.press-release'] })))).not.toThrow();
  });

  it.each([
    ['the secret must start with whsec_', withEndpoints(endpoint({ secret: 'hunter2' }))],
    ['must hold 24 to 64 random bytes, not 5', withEndpoints(endpoint({ secret: 'whsec_c2hvcnQ=' }))],
    ['must be whsec_ followed by base64', withEndpoints(endpoint({ secret: 'whsec_not base64!' }))],
    ['url must be http or https', withEndpoints(endpoint({ url: 'ftp://site.example/' }))],
    ['url must be an http(s) URL', withEndpoints(endpoint({ url: 'not a url' }))],
    ['must not hold credentials', withEndpoints(endpoint({ url: 'https://user:pw@site.example/' }))],
    ['endpoints[1].name site is used twice', withEndpoints(endpoint(), endpoint())],
    ['endpoints[0].name must be 1 to 100 letters', withEndpoints(endpoint({ name: 'a b' }))],
    ['events must be a non-empty list of document.published', withEndpoints(endpoint({ events: ['entry.create'] }))],
    ['contentTypes must be a non-empty list', withEndpoints(endpoint({ contentTypes: [] }))],
    ['unknown option endpoints[0].header', withEndpoints(endpoint({ header: 'x' }))],
    ['delivery.retryForMs must be a whole number of 0 or more', { ...config.default(), delivery: { ...config.default().delivery, retryForMs: -1 } }],
    ['maxBackoffMs must not be less than', { ...config.default(), delivery: { ...config.default().delivery, maxBackoffMs: 10, initialBackoffMs: 100 } }],
    ['allowPrivateAddresses must be true or false', { ...config.default(), delivery: { ...config.default().delivery, allowPrivateAddresses: 'yes' } }],
    ['unknown option endpoint', { ...config.default(), endpoint: [] }],
  ])('refuses a configuration: %s', (message, given) => {
    expect(() => config.validator(given)).toThrow(message);
  });

  it('says how to make a secret, and never shows one', () => {
    expect(() => config.validator(withEndpoints(endpoint({ secret: 'x' })))).toThrow("randomBytes(32).toString('base64')");
    expect(secretProblem(SECRET)).toBeNull();
    expect(shownUrl('https://site.example:8443/api/revalidate?token=abc#x')).toBe('https://site.example:8443/api/revalidate');
  });
});

const post = (url: string) => ({ url, method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

describe('sending one delivery', () => {
  let server: http.Server;
  let base: string;
  let handler: (req: http.IncomingMessage, res: http.ServerResponse) => void;
  const options = { timeoutMs: 1000, maxResponseBytes: 1024, allowPrivateAddresses: true };

  beforeAll(async () => {
    server = http.createServer((req, res) => handler(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    closeAgents();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('POSTs the body with its headers; a 2xx is a delivery', async () => {
    let got: { method?: string; body: string; headers: http.IncomingHttpHeaders } | null = null;
    handler = (req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        got = { method: req.method, body, headers: req.headers };
        res.writeHead(202).end('ok');
      });
    };
    expect(await send({ url: `${base}/hook`, method: 'POST', body: '{"a":"æøå"}', headers: { 'webhook-id': 'msg_1', 'content-type': 'application/json' } }, options)).toEqual({
      ok: true,
      status: 202,
      error: null,
    });
    expect(got).toMatchObject({ method: 'POST', body: '{"a":"æøå"}', headers: { 'webhook-id': 'msg_1', 'content-type': 'application/json', 'content-length': '14' } });
  });

  it('does not follow a redirect', async () => {
    let followed = false;
    handler = (req, res) => {
      if (req.url === '/elsewhere') followed = true;
      res.writeHead(307, { location: '/elsewhere' }).end();
    };
    expect(await send(post(`${base}/hook`), options)).toEqual({ ok: false, status: 307, error: 'redirect to /elsewhere not followed' });
    expect(followed).toBe(false);
  });

  it('reads at most maxResponseBytes of an answer', async () => {
    let written = 0;
    handler = (_req, res) => {
      res.writeHead(500);
      const chunk = Buffer.alloc(64 * 1024, 'x');
      const more = () => {
        while (written < 50 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      res.on('close', () => (written = Math.min(written, Number.MAX_SAFE_INTEGER)));
      more();
    };
    const started = Date.now();
    expect(await send(post(`${base}/hook`), options)).toEqual({ ok: false, status: 500, error: 'HTTP 500' });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(written).toBeLessThan(50 * 1024 * 1024);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    handler = () => undefined;
    const started = Date.now();
    expect(await send(post(`${base}/hook`), { ...options, timeoutMs: 300 })).toEqual({ ok: false, status: null, error: 'no response within 300 ms' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses loopback and private addresses unless allowed: literal, by name, IPv6', async () => {
    let reached = false;
    handler = (_req, res) => {
      reached = true;
      res.writeHead(204).end();
    };
    const strict = { ...options, allowPrivateAddresses: false };
    const port = (server.address() as AddressInfo).port;
    expect(await send(post(`${base}/hook`), strict)).toEqual({ ok: false, status: null, error: '127.0.0.1 is not a public address (allowPrivateAddresses is off)' });
    expect((await send(post(`http://localhost:${port}/hook`), strict)).error).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), which is not a public address$/);
    expect((await send(post(`http://[::1]:${port}/hook`), strict)).error).toBe('::1 is not a public address (allowPrivateAddresses is off)');
    expect((await send(post(`http://169.254.169.254/latest/meta-data/`), strict)).error).toBe('169.254.169.254 is not a public address (allowPrivateAddresses is off)');
    expect(reached).toBe(false);
    expect(await send(post(`http://localhost:${port}/hook`), options)).toEqual({ ok: true, status: 204, error: null });
  });
});
