import { defaults } from '../server/src/config';
import { INTERNALS } from '../server/src/internals';
import { replaceCorsFactory } from '../server/src/internals/cors-factory';
import { packageVersion } from '../server/src/internals/fence';
import { knexClient, onConnectionAttemptFailed } from '../server/src/internals/knex-pool';
import { adminAccessTokenCheck } from '../server/src/internals/session-manager';
import { checkUploadsBeforeStoring } from '../server/src/internals/upload-service';

const strapiWith = (parts: Record<string, unknown>) => parts as never;

describe("production-guards' fenced internals", () => {
  test('each names an installed package, the version it was written against and the switch that turns its guard off', () => {
    expect(INTERNALS.map((internal) => [internal.file, internal.switchedOffBy])).toEqual([
      ['cors-factory.ts', 'strictCors.enabled'],
      ['knex-pool.ts', 'turns.enabled'],
      ['knex-pool.ts', 'databaseOutage.enabled'],
      ['session-manager.ts', 'turns.enabled'],
      ['upload-service.ts', 'uploadCheck.enabled'],
    ]);
    for (const internal of INTERNALS) {
      expect(packageVersion(internal.packageName)).toMatch(/^\d+\.\d+\.\d+/);
      expect(internal.writtenAgainst).toMatch(/^\d+\.\d+\.\d+/);
      // A switch of the configuration, which turns the guard off.
      const [section, key] = internal.switchedOffBy.split('.') as [keyof typeof defaults, string];
      expect(key).toBe('enabled');
      expect(defaults[section]).toHaveProperty('enabled');
    }
  });

  test('a member an upgrade removed stops the start with what, where, the version written against and the switch', () => {
    expect(() => adminAccessTokenCheck(strapiWith({}))).toThrow('no longer has strapi.sessionManager()');
    expect(() => adminAccessTokenCheck(strapiWith({ sessionManager: () => ({}) }))).toThrow("no longer has sessionManager('admin').validateAccessToken()");
    expect(() => knexClient(strapiWith({ db: { connection: {} } }))).toThrow(
      `production-guards: knex ${packageVersion('knex')} no longer has a client on Strapi's connection (knex's client connection pool`
    );
    expect(() => knexClient(strapiWith({ db: { connection: {} } }))).toThrow("Turn turns.enabled off in the plugin's configuration, or update internals/knex-pool.ts.");
    const withPool = (pool: object) => strapiWith({ db: { connection: { client: { acquireConnection: () => undefined, releaseConnection: () => undefined, pool } } } });
    expect(() => knexClient(withPool({ numUsed: () => 0 }))).toThrow('no longer has client.pool.numPendingAcquires()');
    expect(() => onConnectionAttemptFailed(withPool({}), () => undefined)).toThrow('Turn databaseOutage.enabled off');
    expect(() => adminAccessTokenCheck(strapiWith({}))).toThrow("Turn turns.enabled off in the plugin's configuration and stop calling the guards service's adminAccessTokenCheck()");
    expect(() => checkUploadsBeforeStoring(strapiWith({ plugin: () => ({ service: () => ({ upload: async () => undefined }) }) }), async () => undefined)).toThrow(
      "no longer has the upload service's replace()"
    );
    const registry = { get: () => undefined, extend: () => undefined };
    expect(() => replaceCorsFactory(strapiWith({ get: () => registry }), () => undefined)).toThrow('no longer has a middleware named strapi::cors');
    expect(() => replaceCorsFactory(strapiWith({ get: () => registry }), () => undefined)).toThrow('Turn strictCors.enabled off');
  });

  test("strapi::cors's factory is replaced through the middlewares registry", () => {
    const extended: Array<[string, unknown]> = [];
    const registry = { get: () => () => 'stock', extend: (name: string, extender: () => unknown) => void extended.push([name, extender()]) };
    const factory = () => 'ours';
    replaceCorsFactory(strapiWith({ get: () => registry }), factory);
    expect(extended).toEqual([['strapi::cors', factory]]);
  });

  test("the upload service's upload and replace check the files first, then run the stock ones", async () => {
    const calls: string[] = [];
    const service: Record<string, (...args: unknown[]) => Promise<unknown>> = { upload: async () => calls.push('upload'), replace: async () => calls.push('replace') };
    checkUploadsBeforeStoring(strapiWith({ plugin: () => ({ service: () => service }) }), async (files) => void calls.push(`check ${JSON.stringify(files)}`));
    await service.upload({ files: ['a'] } as never);
    await service.replace(1 as never, { file: 'b' } as never);
    expect(calls).toEqual(['check ["a"]', 'upload', 'check "b"', 'replace']);
    await expect(
      (() => {
        checkUploadsBeforeStoring(strapiWith({ plugin: () => ({ service: () => service }) }), async () => {
          throw new Error('refused');
        });
        return service.upload({ files: ['c'] } as never);
      })()
    ).rejects.toThrow('refused');
    expect(calls).not.toContain('check ["c"]');
    expect(calls.filter((call) => call === 'upload')).toHaveLength(1);
  });
});
