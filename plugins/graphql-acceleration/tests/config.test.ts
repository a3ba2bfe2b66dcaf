import config from '../server/src/config';
import { functionOf, InternalChangedError, installedVersion, packageDir, requireInternal, type Internal } from '../server/src/internals/fence';
import { INTERNALS } from '../server/src/internals';

const valid = () => ({ ...config.default() });

describe('graphql-acceleration configuration', () => {
  it('takes the defaults: everything on, every content type of the APIs', () => {
    expect(config.default()).toEqual({ batching: true, leanResolvers: true, contentTypes: ['api::*'] });
    expect(() => config.validator(valid())).not.toThrow();
    expect(() => config.validator({ ...valid(), contentTypes: ['api::article.article', 'plugin::upload.file'] })).not.toThrow();
    expect(() => config.validator({ batching: false, leanResolvers: false, contentTypes: [] })).not.toThrow();
  });

  it.each([
    [{ batching: 'false' }, 'batching must be true or false, not "false"'],
    [{ leanResolvers: 1 }, 'leanResolvers must be true or false, not 1'],
    [{ contentTypes: 'api::*' }, 'contentTypes must be a list'],
    [{ contentTypes: ['article'] }, 'contentTypes must be a list'],
    [{ batchng: true }, 'unknown option batchng'],
    [{ batching: false, leanResolvers: true }, 'leanResolvers needs batching'],
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
