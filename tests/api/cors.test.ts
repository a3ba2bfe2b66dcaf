import { startStrapi, type StrapiInstance } from '../helpers/strapi';

const ALLOWED_ORIGIN = 'https://www.aarhus.dk';
const QUERY = '{ caseStories(locale: "da") { title } }';

/**
 * CORS headers are sent only to the origin CORS_ORIGINS lists: a request without an Origin header
 * (a server, curl, a same-origin page) or from another origin gets none at all — neither an empty
 * Access-Control-Allow-Origin nor Access-Control-Allow-Credentials — on REST, GraphQL (GET, POST,
 * cached answers) and preflights.
 */
describe('CORS headers', () => {
  let app: StrapiInstance;

  beforeAll(async () => {
    app = await startStrapi({ CORS_ORIGINS: ALLOWED_ORIGIN, SEED_DEMO_CONTENT: 'false' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  /** The requests a browser page may send, each with the given Origin header (none when null). */
  const requests: Array<[string, (origin: string | null) => Promise<Response>]> = [
    ['REST GET', (origin) => fetch(`${app.url}/api/case-stories?locale=da`, { headers: withOrigin(origin) })],
    ['GraphQL GET', (origin) => fetch(`${app.url}/graphql?query=${encodeURIComponent(QUERY)}`, { headers: withOrigin(origin, { accept: 'application/json', 'apollo-require-preflight': 'true' }) })],
    ['GraphQL POST', (origin) => postQuery(origin)],
    // The same query again: answered from the response cache, by its own path.
    ['GraphQL POST, cached', (origin) => postQuery(origin)],
    ['REST preflight', (origin) => preflight(`${app.url}/api/case-stories`, origin)],
    ['GraphQL preflight', (origin) => preflight(`${app.url}/graphql`, origin)],
  ];

  const withOrigin = (origin: string | null, headers: Record<string, string> = {}) => (origin === null ? headers : { ...headers, origin });
  const postQuery = (origin: string | null) =>
    fetch(`${app.url}/graphql`, { method: 'POST', headers: withOrigin(origin, { 'content-type': 'application/json' }), body: JSON.stringify({ query: QUERY }) });
  const preflight = (url: string, origin: string | null) =>
    fetch(url, { method: 'OPTIONS', headers: withOrigin(origin, { 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' }) });
  const corsHeaders = (response: Response) => [...response.headers.keys()].filter((name) => name.startsWith('access-control-'));

  test.each(requests)('%s without an Origin header gets no CORS headers', async (_label, send) => {
    for (let i = 0; i < 2; i += 1) {
      const response = await send(null);
      expect(corsHeaders(response)).toEqual([]);
      // Caches keep answers apart per Origin, so this one is never served to a listed origin.
      expect(response.headers.get('vary') ?? '').toMatch(/origin/i);
    }
  });

  test.each(requests)('%s from an origin that is not listed gets no CORS headers', async (_label, send) => {
    for (const origin of ['https://evil.example', 'https://www.aarhus.dk.evil.example', 'null']) {
      expect(corsHeaders(await send(origin))).toEqual([]);
    }
  });

  test.each(requests)('%s from the listed origin gets it reflected, with credentials', async (label, send) => {
    const response = await send(ALLOWED_ORIGIN);
    expect(response.status).toBeLessThan(300);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    if (label.endsWith('preflight')) {
      expect(response.headers.get('access-control-allow-methods')).toContain('POST');
      expect(response.headers.get('access-control-allow-headers')).toMatch(/content-type/i);
    }
  });
});
