import http from 'http';
import { startStrapi, type StrapiInstance } from '../helpers/strapi';

const CASE_STORY = 'api::case-story.case-story';
const CM = '/content-manager/collection-types';

/** Several root fields with relations: a handful of statements per request, and never cached (each `$t` is new). */
const HEAVY_MISS = `query Busy($t: String!) {
  caseStories(locale: "da", filters: { title: { notContainsi: $t } }) { title municipality { name } quotes { text } outcomes { label } }
  partnerships(locale: "da", filters: { title: { notContainsi: $t } }) { title partners { name } focusAreas { title } caseStories { title } }
  pressReleases(locale: "da", filters: { title: { notContainsi: $t } }) { title contacts { name } }
  organisations(locale: "da", filters: { name: { notContainsi: $t } }) { name }
  municipalities(filters: { name: { notContainsi: $t } }, pagination: { pageSize: 100 }) { name code }
}`;

/** A request on a connection of its own (no keep-alive): it has to be accepted first. */
function onNewConnection(url: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const request = http.request(`${url}${path}`, { method, headers, agent: false }, (response) => {
      response.resume();
      response.on('end', () =>
        response.statusCode! >= 200 && response.statusCode! < 300 ? resolve(performance.now() - started) : reject(new Error(`${method} ${path}: HTTP ${response.statusCode}`))
      );
    });
    request.on('error', reject);
    request.end(body);
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * A burst of cache misses must not stop the server from accepting connections, nor keep an
 * editor's save waiting behind it. With SQLite every statement runs synchronously: without turns,
 * one turn of the event loop ran every ready miss to completion, and a new connection (or the
 * editor's request) waited for the whole burst.
 */
describe('under a burst of cache misses', () => {
  let app: StrapiInstance;
  let token: string;
  let storyId: string;

  beforeAll(async () => {
    app = await startStrapi();
    token = await app.token();
    storyId = (await app.query(`{ caseStories(locale: "da") { documentId } }`)).caseStories[0].documentId;
    // Everything the requests below need is loaded once (permissions, prepared statements).
    await app.query(HEAVY_MISS, { t: 'warm-up' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  async function burst(misses: number, during: () => Promise<number>) {
    const body = (i: number) => JSON.stringify({ query: HEAVY_MISS, variables: { t: `burst-${Date.now()}-${i}` } });
    const readers = Array.from({ length: misses }, (_, i) => onNewConnection(app.url, 'POST', '/graphql', { 'content-type': 'application/json' }, body(i)));
    // Once the readers' requests are on their way.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const measured = await during();
    const readerMs = await Promise.all(readers);
    return { measured, burstMs: Math.max(...readerMs) };
  }

  test('a new connection is accepted and answered while the misses wait their turn', async () => {
    const ratios: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      const { measured, burstMs } = await burst(80, () => onNewConnection(app.url, 'GET', '/_health', {}));
      ratios.push(measured / burstMs);
    }
    console.log(`[fair-turns] health check / whole burst: ${ratios.map((r) => r.toFixed(2)).join(', ')}`);
    // Without turns the health check waited for the whole burst (ratio about 1). With PostgreSQL
    // the misses are shorter and the ratio to their median is noisier: the whole burst is the
    // steadier yardstick.
    expect(median(ratios)).toBeLessThan(0.25);
  });

  test("an editor's save goes before the readers' misses", async () => {
    const ratios: number[] = [];
    for (let round = 0; round < 3; round += 1) {
      const { measured, burstMs } = await burst(80, () =>
        onNewConnection(
          app.url,
          'PUT',
          `${CM}/${CASE_STORY}/${storyId}?locale=da`,
          { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          JSON.stringify({ summary: `Resumé, runde ${round}` })
        )
      );
      ratios.push(measured / burstMs);
    }
    console.log(`[fair-turns] editor's save / whole burst: ${ratios.map((r) => r.toFixed(2)).join(', ')}`);
    // Without turns the save waited for the whole burst too (ratio about 1).
    expect(median(ratios)).toBeLessThan(0.3);
  });
});
