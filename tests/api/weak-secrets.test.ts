import crypto from 'crypto';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { baseEnv, runProcess, strapiCommand } from '../helpers/strapi';

/**
 * `strapi start` in production with one weak secret among real ones: the app must stop at config
 * load (in seconds, before it listens), exit non-zero and name the variable with the reason.
 */
describe('production refuses weak secrets', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  const variants: Array<[string, Record<string, string>, string[]]> = [
    ['the .env.example placeholder in capitals', { ADMIN_JWT_SECRET: 'CHANGE-ME' }, ['- ADMIN_JWT_SECRET: is a known placeholder']],
    ["Strapi's template placeholder tobemodified", { JWT_SECRET: 'tobemodified' }, ['- JWT_SECRET: is a known placeholder']],
    [
      "Strapi's template APP_KEYS toBeModified1,toBeModified2",
      { APP_KEYS: 'toBeModified1,toBeModified2' },
      ['- APP_KEYS (key 1): is a known placeholder', '- APP_KEYS (key 2): is a known placeholder'],
    ],
    ['a one-character secret', { JWT_SECRET: 'x' }, ['- JWT_SECRET: is too short']],
    ['a short base64 secret (8 bytes)', { ENCRYPTION_KEY: crypto.randomBytes(8).toString('base64') }, ['- ENCRYPTION_KEY: is too short']],
    ['one character repeated', { API_TOKEN_SALT: 'a'.repeat(64) }, ['- API_TOKEN_SALT: is a repeated pattern']],
  ];

  test.each(variants)('%s', async (_label, weak, expected) => {
    const started = Date.now();
    const result = await runProcess(strapiCommand('start'), { ...baseEnv(database.env), NODE_ENV: 'production', ...weak }, 30000);
    expect(result.timedOut).toBe(false);
    expect(result.code).not.toBe(0);
    expect(Date.now() - started).toBeLessThan(30000);
    expect(result.output).toMatch(/Refusing to start in production/);
    for (const line of expected) expect(result.output).toContain(line);
    // Only the weak variable is named, and its value is not printed.
    const named = result.output.match(/^\s*- [A-Z_]+/gm) ?? [];
    expect(new Set(named.map((line) => line.trim().slice(2)))).toEqual(new Set(Object.keys(weak)));
    for (const value of Object.values(weak)) if (value.length >= 8) expect(result.output).not.toContain(value);
  });
});
