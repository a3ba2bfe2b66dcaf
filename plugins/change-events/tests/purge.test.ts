import http from 'http';
import type { AddressInfo } from 'net';
import { purgeProblem, purgeRequests, type PurgeConfig } from '../server/src/delivery/purge';
import { closeAgents, send } from '../server/src/delivery/send';

type Seen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };

/**
 * Fake CDN APIs, each answering as the real one does to a well-formed purge and refusing
 * anything else: Fastly's batch purge by surrogate key, Cloudflare's purge_cache by tags, and a
 * Varnish with vmod xkey answering PURGE.
 */
function fakeCdn(seen: Seen[]) {
  return http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const json = (status: number, value: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
      if (req.url === '/fastly/service/SERVICE1/purge') {
        if (req.headers['fastly-key'] !== 'fastly-token') return json(401, { msg: 'Provided credentials are missing or invalid' });
        const keys: string[] = JSON.parse(body).surrogate_keys;
        return json(200, Object.fromEntries(keys.map((key, index) => [key, `purge-${index}`])));
      }
      if (req.url === '/cloudflare/zones/ZONE1/purge_cache') {
        if (req.headers.authorization !== 'Bearer cf-token') return json(403, { success: false, errors: [{ code: 10000, message: 'Authentication error' }] });
        return json(200, { success: true, errors: [], messages: [], result: { id: 'ZONE1' } });
      }
      if (req.url === '/' && req.method === 'PURGE') {
        const keys = String(req.headers['xkey-purge'] ?? '')
          .split(' ')
          .filter(Boolean);
        return res.writeHead(200, { 'content-type': 'text/plain' }).end(`Invalidated ${keys.length} objects`);
      }
      res.writeHead(404).end();
    });
  });
}

describe('CDN purges', () => {
  const seen: Seen[] = [];
  const server = fakeCdn(seen);
  let base = '';
  const options = { timeoutMs: 2000, maxResponseBytes: 65536, allowPrivateAddresses: true };
  const tags = ['case-story', 'case-story:abc', 'case-story/laesecafe', 'any'];

  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  beforeEach(() => (seen.length = 0));
  afterAll(async () => {
    closeAgents();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const purge = async (config: PurgeConfig, purged = tags) => {
    const results = [];
    for (const request of purgeRequests(config, purged)) results.push(await send(request, options));
    return results;
  };

  it('Fastly: a batch purge of the surrogate keys, with the API token, soft when asked', async () => {
    expect(await purge({ provider: 'fastly', serviceId: 'SERVICE1', apiToken: 'fastly-token', apiUrl: `${base}/fastly`, soft: true })).toEqual([{ ok: true, status: 200, error: null }]);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'POST', headers: { 'fastly-soft-purge': '1', 'content-type': 'application/json' } });
    expect(JSON.parse(seen[0].body)).toEqual({ surrogate_keys: tags });
    expect(await purge({ provider: 'fastly', serviceId: 'SERVICE1', apiToken: 'wrong', apiUrl: `${base}/fastly` })).toEqual([{ ok: false, status: 401, error: 'HTTP 401' }]);
  });

  it('Cloudflare: purge_cache by tags with the bearer token, at most 30 tags a request', async () => {
    const config: PurgeConfig = { provider: 'cloudflare', zoneId: 'ZONE1', apiToken: 'cf-token', apiUrl: `${base}/cloudflare/` };
    expect(await purge(config)).toEqual([{ ok: true, status: 200, error: null }]);
    expect(JSON.parse(seen[0].body)).toEqual({ tags });
    seen.length = 0;
    const many = Array.from({ length: 65 }, (_, index) => `tag-${index}`);
    expect(await purge(config, many)).toHaveLength(3);
    expect(seen.map((request) => JSON.parse(request.body).tags.length)).toEqual([30, 30, 5]);
    expect(seen.flatMap((request) => JSON.parse(request.body).tags)).toEqual(many);
  });

  it('Varnish: a PURGE to every server with the keys in xkey-purge', async () => {
    expect(await purge({ provider: 'varnish', urls: [`${base}/`, `${base}/`] })).toEqual([
      { ok: true, status: 200, error: null },
      { ok: true, status: 200, error: null },
    ]);
    expect(seen.map((request) => [request.method, request.headers['xkey-purge']])).toEqual([
      ['PURGE', tags.join(' ')],
      ['PURGE', tags.join(' ')],
    ]);
    expect(purgeRequests({ provider: 'varnish', urls: ['http://varnish:6081/'], method: 'BAN', header: 'xkey-softpurge' }, ['a', 'b'])).toEqual([
      { url: 'http://varnish:6081/', method: 'BAN', headers: { 'xkey-softpurge': 'a b' }, body: null },
    ]);
  });

  it('purges nothing for no tags', () => {
    expect(purgeRequests({ provider: 'fastly', serviceId: 'S', apiToken: 'T' }, [])).toEqual([]);
  });

  it.each([
    [{ provider: 'akamai' }, 'provider must be one of fastly, cloudflare, varnish'],
    [{ provider: 'fastly', serviceId: 'S' }, 'fastly needs serviceId and apiToken'],
    [{ provider: 'cloudflare', zoneId: 'Z', apiToken: '' }, 'cloudflare needs zoneId and apiToken'],
    [{ provider: 'varnish', urls: [] }, 'varnish needs urls'],
    [{ provider: 'varnish', urls: ['ftp://x'] }, 'varnish needs urls'],
    [{ provider: 'varnish', urls: ['http://v/'], method: 'GET' }, 'method must be PURGE or BAN'],
    [{ provider: 'fastly', serviceId: 'S', apiToken: 'T', zoneId: 'Z' }, 'unknown option zoneId for fastly'],
    [{ provider: 'fastly', serviceId: 'S', apiToken: 'T', apiUrl: 'nope' }, 'apiUrl must be an http(s) URL'],
  ])('refuses %j', (config, message) => {
    expect(purgeProblem(config)).toContain(message);
  });
});
