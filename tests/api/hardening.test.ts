import { PLAIN_PATHS, startStrapi, type StrapiInstance } from '../helpers/strapi';

const ALLOWED_ORIGIN = 'https://www.aarhus.dk';
const QUERY = '{ caseStories(locale: "da") { title } }';

/**
 * The production defaults of the HTTP layer, switched on in a test instance: CORS limited to
 * CORS_ORIGINS, the security headers and CSP, and per-client-IP rate limits on /graphql and the
 * sign-in routes behind one trusted proxy (clients are told apart by X-Forwarded-For).
 */
describe('hardened HTTP defaults', () => {
  let app: StrapiInstance;

  beforeAll(async () => {
    app = await startStrapi({
      CORS_ORIGINS: ALLOWED_ORIGIN,
      RATE_LIMIT: 'true',
      RATE_LIMIT_GRAPHQL: '20',
      RATE_LIMIT_AUTH: '3',
      RATE_LIMIT_EXEMPT_IPS: '198.51.100.7',
      TRUST_PROXY: 'true',
      DIAGNOSTIC_HEADERS: 'true',
    });
  });
  afterAll(async () => {
    await app?.stop();
  });

  /** A GraphQL request from a client behind the trusted proxy; `forwardedFor` as the proxy sends it. */
  const graphqlFrom = (forwardedFor: string) =>
    fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: JSON.stringify({ query: QUERY }) });

  describe('CORS', () => {
    const preflight = (origin: string) =>
      fetch(`${app.url}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });

    test('a listed origin may call /graphql and the REST API, with credentials', async () => {
      const answer = await preflight(ALLOWED_ORIGIN);
      expect(answer.status).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
      expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
      const rest = await fetch(`${app.url}/api/case-stories?locale=da`, { headers: { origin: ALLOWED_ORIGIN } });
      expect(rest.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
      const query = await fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { origin: ALLOWED_ORIGIN, 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.50' },
        body: JSON.stringify({ query: QUERY }),
      });
      expect(query.status).toBe(200);
      expect(query.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    });

    test('any other origin gets no CORS headers, so a browser refuses it', async () => {
      for (const origin of ['https://evil.example', 'https://www.aarhus.dk.evil.example', 'null']) {
        const answer = await preflight(origin);
        expect(answer.headers.get('access-control-allow-origin')).toBeNull();
        const rest = await fetch(`${app.url}/api/case-stories?locale=da`, { headers: { origin } });
        expect(rest.headers.get('access-control-allow-origin')).toBeNull();
        expect(rest.headers.get('access-control-allow-credentials')).toBeNull();
      }
    });
  });

  test('the admin is served with a CSP that keeps scripts, objects and frames to this origin', async () => {
    const admin = await fetch(`${app.url}/admin`);
    const csp = admin.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'self'", "frame-src 'self'"]) {
      expect(csp).toContain(directive);
    }
    expect(admin.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(admin.headers.get('x-content-type-options')).toBe('nosniff');
    expect(admin.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
  });

  describe('rate limits per client IP', () => {
    test('GraphQL: the allowance counts down, then 429 with Retry-After and a GraphQL error', async () => {
      const remaining: Array<string | null> = [];
      const paths = new Set<string | null>();
      for (let i = 0; i < 20; i += 1) {
        const answer = await graphqlFrom('203.0.113.10');
        expect(answer.status).toBe(200);
        remaining.push(answer.headers.get('ratelimit-remaining'));
        paths.add(answer.headers.get('x-cache-path'));
      }
      expect(remaining).toEqual(Array.from({ length: 20 }, (_, i) => String(19 - i)));
      // Counted alike by the middleware and by the cache's listener before Koa (the cached answers;
      // with the cache off, by the middleware alone).
      expect(paths).toContain(PLAIN_PATHS ? null : 'listener');
      const refused = await graphqlFrom('203.0.113.10');
      expect(refused.status).toBe(429);
      const seconds = Number(refused.headers.get('retry-after'));
      expect(seconds).toBeGreaterThanOrEqual(1);
      expect(seconds).toBeLessThanOrEqual(60);
      const body = (await refused.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
      expect(body.errors[0].extensions.code).toBe('RATE_LIMITED');
      expect(body.errors[0].message).toMatch(/Too many requests/);
      // The router takes /GraphQL/ for /graphql: so does the limit.
      for (const path of ['/GraphQL', '/graphql/']) {
        const other = await fetch(`${app.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.10' }, body: JSON.stringify({ query: QUERY }) });
        expect(other.status).toBe(429);
      }
    });

    test('another client is not held back, and a client cannot pose as one by adding to X-Forwarded-For', async () => {
      expect((await graphqlFrom('203.0.113.11')).status).toBe(200);
      // The proxy appends the address it saw; only that last entry is believed.
      expect((await graphqlFrom('203.0.113.99, 203.0.113.10')).status).toBe(429);
      expect((await graphqlFrom('203.0.113.10, 203.0.113.12')).status).toBe(200);
    });

    test('an exempt address (a frontend rendering for all its readers) is never limited', async () => {
      for (let i = 0; i < 30; i += 1) expect((await graphqlFrom('198.51.100.7')).status).toBe(200);
    });

    test('sign-in: three attempts per address, then 429 even with the right password', async () => {
      const login = (password: string) =>
        fetch(`${app.url}/admin/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.20' },
          body: JSON.stringify({ email: 'editor@example.com', password }),
        });
      for (let i = 0; i < 3; i += 1) expect((await login(`wrong-password-${i}`)).status).toBe(400);
      const refused = await login('Redaktion-Test-2025');
      expect(refused.status).toBe(429);
      const body = (await refused.json()) as { error: { status: number; name: string } };
      expect(body.error).toMatchObject({ status: 429, name: 'RateLimitError' });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(60);
      const respelled = await fetch(`${app.url}/Admin/Login/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.20' },
        body: JSON.stringify({ email: 'editor@example.com', password: 'x' }),
      });
      expect(respelled.status).toBe(429);
      // The users-permissions API's sign-in shares the allowance of the address.
      const api = await fetch(`${app.url}/api/auth/local`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.20' },
        body: JSON.stringify({ identifier: 'x', password: 'y' }),
      });
      expect(api.status).toBe(429);
      // Another address signs in.
      expect((await app.admin('GET', '/admin/users/me')).status).toBe(200);
    });
  });
});
