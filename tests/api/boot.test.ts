import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { baseEnv, runProcess, startStrapi, strapiCommand } from '../helpers/strapi';

const SECRETS = ['APP_KEYS', 'API_TOKEN_SALT', 'ADMIN_JWT_SECRET', 'TRANSFER_TOKEN_SALT', 'JWT_SECRET', 'ENCRYPTION_KEY'];

/** How the app refuses to start when it is misconfigured, and how production differs from development. */
describe('starting the app', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  const withoutSecrets = (env: NodeJS.ProcessEnv) => Object.fromEntries(Object.entries(env).filter(([name]) => !SECRETS.includes(name)));

  test('production refuses to start without secrets, naming each missing variable', async () => {
    const env = { ...withoutSecrets(baseEnv(database.env)), NODE_ENV: 'production' };
    const result = await runProcess(strapiCommand('start'), env, 60000);
    expect(result.timedOut).toBe(false);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/Refusing to start in production/);
    for (const name of SECRETS) expect(result.output).toContain(`- ${name}: not set`);
  });

  test('production refuses the placeholders of .env.example, naming them', async () => {
    const env = { ...baseEnv(database.env), NODE_ENV: 'production', JWT_SECRET: 'change-me', APP_KEYS: 'change-me-1,change-me-2' };
    const result = await runProcess(strapiCommand('start'), env, 60000);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('- APP_KEYS (key 1): is a known placeholder');
    expect(result.output).toContain('- APP_KEYS (key 2): is a known placeholder');
    expect(result.output).toContain('- JWT_SECRET: is a known placeholder');
    expect(result.output).not.toContain('- ADMIN_JWT_SECRET:');
  });

  test('a weak ADMIN_PASSWORD stops the boot with the reason', async () => {
    const env = baseEnv({ ...database.env, ADMIN_EMAIL: 'chef@example.com', ADMIN_PASSWORD: 'password1', SEED_DEMO_CONTENT: 'false' });
    const result = await runProcess(strapiCommand('start'), env, 90000);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/ADMIN_PASSWORD is too weak: it must have at least 12 characters/);
  });

  test('an unknown DATABASE_CLIENT is refused with the supported ones', async () => {
    const result = await runProcess(strapiCommand('start'), baseEnv({ DATABASE_CLIENT: 'oracle' }), 60000);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/DATABASE_CLIENT="oracle" is not supported: use one of sqlite, postgres, mysql/);
  });

  test('production with real secrets starts without demo content, introspection or landing page, and with rate limits', async () => {
    const app = await startStrapi({ NODE_ENV: 'production' });
    try {
      const counts = await app.query(`{ municipalities_connection { pageInfo { total } } }`);
      expect(counts.municipalities_connection.pageInfo.total).toBe(0);
      const introspection = await app.graphql(`{ __schema { queryType { name } } }`);
      expect(introspection.errors?.[0]?.message).toMatch(/introspection is not allowed/i);
      // Rate limiting is on by default in production, with the documented allowance.
      expect(introspection.headers.get('ratelimit-limit')).toBe('600');
      const landing = await fetch(`${app.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(await landing.text()).not.toMatch(/<html/i);
      // The first super admin was created from ADMIN_EMAIL/ADMIN_PASSWORD.
      expect((await app.admin('GET', '/admin/users/me')).body.data.email).toBe('editor@example.com');
    } finally {
      await app.stop();
    }
  });

  test('development serves the Apollo Sandbox and introspection', async () => {
    const app = await startStrapi({ NODE_ENV: 'development', SEED_DEMO_CONTENT: 'false' });
    try {
      const introspection = await app.query(`{ __schema { queryType { name } } }`);
      expect(introspection.__schema.queryType.name).toBe('Query');
      const landing = await fetch(`${app.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(await landing.text()).toMatch(/<html/i);
    } finally {
      await app.stop();
    }
  });
});
