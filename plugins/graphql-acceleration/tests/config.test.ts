import config, { withListDefaults } from '../server/src/config';
import { functionOf, InternalChangedError, installedVersion, packageDir, requireInternal, type Internal } from '../server/src/internals/fence';
import { INTERNALS } from '../server/src/internals';

const valid = () => ({ ...config.default() });

describe('graphql-acceleration configuration', () => {
  it('takes the defaults: everything on, every content type of the APIs', () => {
    expect(withListDefaults(config.default())).toEqual({
      batching: true,
      leanResolvers: true,
      contentTypes: ['api::*'],
      responseCache: { enabled: true, maxEntries: 1000, ttlSeconds: 300, maxAgeSeconds: 0, coalesceWaitMs: 2000, redisUrl: undefined, redisPrefix: 'strapi:graphql-cache:' },
      cdnTags: { headers: ['Cache-Tag', 'Surrogate-Key'], prefix: '' },
      diagnosticHeaders: false,
    });
    expect(() => config.validator(valid())).not.toThrow();
    expect(() => config.validator({ ...valid(), contentTypes: ['api::article.article', 'plugin::upload.file'] })).not.toThrow();
    expect(() => config.validator({ ...valid(), batching: false, leanResolvers: false, contentTypes: [] })).not.toThrow();
    expect(() => config.validator({ ...valid(), responseCache: { ...valid().responseCache, redisUrl: 'redis://127.0.0.1:6379' } })).not.toThrow();
  });

  it.each([
    [{ batching: 'false' }, 'batching must be true or false, not "false"'],
    [{ leanResolvers: 1 }, 'leanResolvers must be true or false, not 1'],
    [{ contentTypes: 'api::*' }, 'contentTypes must be a list'],
    [{ contentTypes: ['article'] }, 'contentTypes must be a list'],
    [{ batchng: true }, 'unknown option batchng'],
    [{ batching: false, leanResolvers: true }, 'leanResolvers needs batching'],
    [{ diagnosticHeaders: 'yes' }, 'diagnosticHeaders must be true or false, not "yes"'],
    [{ responseCache: null }, 'responseCache must be an object, not null'],
    [{ cdnTags: { headers: ['Cache Tag'], prefix: '' } }, 'cdnTags.headers must be a list of header names'],
    [{ cdnTags: { headers: [], prefix: 'a b' } }, 'cdnTags.prefix must be up to 32 of'],
    [{ cdnTags: { headers: [], prefix: '', purge: true } }, 'unknown option cdnTags.purge'],
    [{ responseCache: { ...config.default().responseCache, ttl: 5 } }, 'unknown option responseCache.ttl'],
    [{ responseCache: { ...config.default().responseCache, maxEntries: 0 } }, 'responseCache.maxEntries must be a whole number of 1 or more, not 0'],
    [{ responseCache: { ...config.default().responseCache, ttlSeconds: 2.5 } }, 'responseCache.ttlSeconds must be a whole number of 1 or more, not 2.5'],
    [{ responseCache: { ...config.default().responseCache, redisUrl: 'localhost:6379' } }, 'responseCache.redisUrl must be a redis:// or rediss:// URL'],
    [{ responseCache: { ...config.default().responseCache, redisPrefix: '' } }, 'responseCache.redisPrefix must be a non-empty string'],
  ])('refuses %j with a message that names the option', (change, message) => {
    expect(() => config.validator({ ...valid(), ...change })).toThrow(message);
  });
});

describe('fenced internals', () => {
  const internal: Internal = { what: 'a test internal', packageName: '@strapi/database', writtenAgainst: '5.54.0', file: 'test.ts' };

  it('every internal of the list is present in the installed packages', () => {
    const graphqlService = { buildSchema: () => undefined };
    const strapi = { plugin: () => ({ service: () => graphqlService }) } as never;
    for (const { internal: used, check } of INTERNALS) {
      expect(() => check(strapi)).not.toThrow();
      expect(installedVersion(used.packageName)).toMatch(/^\d+\.\d+\.\d+/);
      expect(used.writtenAgainst).toMatch(/^\d+\.\d+\.\d+/);
    }
  });

  it('a file an upgrade removed stops the boot with what, where and the way out', () => {
    const attempt = () => requireInternal(internal, 'dist/query/helpers/populate/no-such-file.js');
    expect(attempt).toThrow(InternalChangedError);
    expect(attempt).toThrow(
      `graphql-acceleration: @strapi/database ${installedVersion('@strapi/database')} no longer has dist/query/helpers/populate/no-such-file.js (a test internal, written against 5.54.0, internals/test.ts). Turn the plugin's batching off`
    );
  });

  it('a member an upgrade removed is named, and a package that is not installed is said so', () => {
    expect(() => functionOf(internal, { other: () => 1 }, 'createField', 'dist/fields/index.js')).toThrow('no longer has createField() in dist/fields/index.js');
    expect(functionOf(internal, { default: { createField: () => 1 } }, 'createField', 'x')).toBeInstanceOf(Function);
    expect(() => requireInternal({ ...internal, packageName: 'no-such-package-here' }, 'index.js')).toThrow('no-such-package-here (not found) no longer has an installed copy');
    expect(installedVersion('no-such-package-here')).toBeUndefined();
  });

  it('finds packages that do not export their package.json (Apollo Server)', () => {
    expect(packageDir('@apollo/server')).toMatch(/node_modules[\\/]@apollo[\\/]server$/);
  });
});
