import path from 'path';
import { configProblem, defaults, type GuardsConfig } from '../server/src/config';
import middlewares from '../server/src/middlewares';
import register from '../server/src/register';

type DefaultsDeep = (defaults: unknown, given: unknown) => unknown;
/** The lodash/fp that Strapi's plugin loader merges a plugin's configuration with. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fp = require(require.resolve('lodash/fp', { paths: [path.dirname(require.resolve('@strapi/core/package.json'))] })) as { defaultsDeep: DefaultsDeep };

const allOff: GuardsConfig = {
  ...defaults,
  rateLimits: { ...defaults.rateLimits, enabled: false },
  databaseOutage: { enabled: false },
  turns: { ...defaults.turns, enabled: false },
  uploadCheck: { enabled: false },
  graphqlDocuments: { ...defaults.graphqlDocuments, enabled: false },
  strictCors: { enabled: false },
};

/** A Strapi that holds the configuration and nothing else: a guard that reads more than its switch throws. */
const strapiWith = (config: GuardsConfig) =>
  ({
    config: { get: (key: string) => (key === 'plugin::production-guards' ? config : undefined) },
    plugin: (name: string) => (name === 'graphql' ? {} : undefined),
    log: { warn: () => undefined, info: () => undefined },
    get: () => {
      throw new Error('the middlewares registry was touched');
    },
  }) as never;

describe('the switches of production-guards', () => {
  test('an app that gives only some keys gets the defaults for the rest, and a configuration that passes', () => {
    const merged = fp.defaultsDeep(defaults, { rateLimits: { enabled: true, exemptIps: ['10.0.0.5'] }, turns: { enabled: false } }) as GuardsConfig;
    expect(configProblem(merged)).toBeNull();
    expect(merged.rateLimits).toEqual({ ...defaults.rateLimits, enabled: true, exemptIps: ['10.0.0.5'] });
    expect(merged.turns).toEqual({ ...defaults.turns, enabled: false });
    expect(merged.strictCors).toEqual({ enabled: false });
  });

  // The NUL guard has no switch: what it refuses fails on PostgreSQL anyway.
  test.each((Object.keys(middlewares) as Array<keyof typeof middlewares>).filter((name) => name !== 'nul-guard'))('%s, switched off, passes every request on untouched', async (name) => {
    const middleware = middlewares[name]({}, { strapi: strapiWith(allOff) });
    const ctx = { path: '/graphql', method: 'POST', status: 404, body: undefined };
    let passed = false;
    await middleware(ctx as never, async () => {
      passed = true;
    });
    expect(passed).toBe(true);
    expect(ctx).toEqual({ path: '/graphql', method: 'POST', status: 404, body: undefined });
  });

  test('register, with strict CORS and the upload check off, leaves strapi::cors and the upload service alone', () => {
    expect(() => register({ strapi: strapiWith(allOff) })).not.toThrow();
    expect(() => register({ strapi: strapiWith({ ...allOff, strictCors: { enabled: true } }) })).toThrow('the middlewares registry was touched');
  });
});
