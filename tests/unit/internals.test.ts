import { APP_INTERNALS } from '../../src/internals';
import { wrapTransaction } from '../../src/internals/database-transaction';
import { versionOf } from '../../src/internals/internal';
import { wrapPrepare } from '../../src/internals/sqlite-prepare';

const strapiWith = (parts: Record<string, unknown>) => parts as never;

describe("the app's fenced internals", () => {
  test('each names an installed package and the version it was written against', () => {
    expect(APP_INTERNALS.length).toBeGreaterThanOrEqual(5);
    for (const internal of APP_INTERNALS) {
      expect(versionOf(internal.packageName)).toMatch(/^\d+\.\d+\.\d+/);
      expect(internal.writtenAgainst).toMatch(/^\d+\.\d+\.\d+/);
      expect(internal.file).toMatch(/^[a-z-]+\.ts$/);
    }
  });

  test('a member an upgrade removed stops the boot with what, where and the version written against', () => {
    expect(() => wrapTransaction(strapiWith({ db: {} }), (stock) => stock)).toThrow(
      `@strapi/database ${versionOf('@strapi/database')} no longer has strapi.db.transaction(): the Database's transaction(), replaced to run single-statement reads without BEGIN/COMMIT (written against 5.54.0; src/internals/database-transaction.ts)`
    );
    expect(() => wrapPrepare({} as never, (stock) => stock)).toThrow('better-sqlite3 12.11.1 no longer has prepare() on its connections');
  });

  test('a present member is wrapped, with the stock one handed to the wrapper', async () => {
    const db = { transaction: async () => 'stock', inTransaction: () => false };
    wrapTransaction(strapiWith({ db }), (stock) => async (cb) => `wrapped ${await stock(cb)}`);
    expect(await db.transaction()).toBe('wrapped stock');
  });
});
