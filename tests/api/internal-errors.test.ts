import { startStrapi, type StrapiInstance } from '../helpers/strapi';

/**
 * An unexpected failure inside a request (here: a table gone from under the app) answers a
 * generic error on GraphQL and REST; the database's own message, with table names and SQL,
 * stays in the server's log.
 */
describe('unexpected errors', () => {
  let app: StrapiInstance;

  beforeAll(async () => {
    app = await startStrapi({ SEED_DEMO_CONTENT: 'false' });
    await app.database.execute('ALTER TABLE focus_areas RENAME TO focus_areas_elsewhere');
  });
  afterAll(async () => {
    await app?.database.execute('ALTER TABLE focus_areas_elsewhere RENAME TO focus_areas');
    await app?.stop();
  });

  const leaks = (text: string) => /focus_areas|select|from\s|sqlite|relation|does not exist|no such table/i.test(text);

  test('GraphQL: "Internal Server Error" and its code, nothing of the database error', async () => {
    const response = await fetch(`${app.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ focusAreas(locale: "da") { title } }' }),
    });
    const text = await response.text();
    const body = JSON.parse(text) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0].message).toBe('Internal Server Error');
    expect(body.errors[0].extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(leaks(text)).toBe(false);
    // The log has the whole error, for whoever runs the server.
    expect(app.logs()).toMatch(/focus_areas/);
  });

  test('REST: 500 with a generic message', async () => {
    const response = await fetch(`${app.url}/api/focus-areas?locale=da`);
    const text = await response.text();
    expect(response.status).toBe(500);
    expect(JSON.parse(text).error).toMatchObject({ status: 500, name: 'InternalServerError', message: 'Internal Server Error' });
    expect(leaks(text)).toBe(false);
  });
});
