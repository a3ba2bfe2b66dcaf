import fs from 'fs';
import path from 'path';
import { withListDefaults as accelerationLists, type GivenConfig as AccelerationGiven } from '../../plugins/graphql-acceleration/server/src/config';
import { readConfig as changeEventsConfig } from '../../plugins/change-events/server/src/config';
import { withListDefaults as translationLists, type GivenConfig as TranslationGiven } from '../../plugins/translation-workflow/server/src/config';

/**
 * Strapi merges an app's configuration of a plugin into the plugin's defaults with lodash/fp's
 * `defaultsDeep` (@strapi/core, loaders/plugins), which merges lists index by index: a default
 * list with items would come back inside the app's shorter list (`[]` as the whole default, a
 * one-item list with the default's second item). So no plugin of this project has a default
 * list with items; each fills in a list that was left out when it reads its configuration.
 */
type DefaultsDeep = <T>(defaults: unknown, given: unknown) => T;
/** The lodash/fp that Strapi's plugin loader uses. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fp = require(require.resolve('lodash/fp', { paths: [path.dirname(require.resolve('@strapi/core/package.json'))] })) as { defaultsDeep: DefaultsDeep };

const PLUGINS = path.join(__dirname, '..', '..', 'plugins');
const pluginNames = fs.readdirSync(PLUGINS).filter((name) => fs.existsSync(path.join(PLUGINS, name, 'server', 'src', 'config.ts')));

type ConfigModule = { default: { default: unknown; validator(config: unknown): void } };
const defaultsOf = (name: string): unknown => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(path.join(PLUGINS, name, 'server', 'src', 'config')) as ConfigModule;
  const given = module.default.default;
  return typeof given === 'function' ? (given as () => unknown)() : given;
};

/** The paths of the lists with items in a value. */
function listsWithItems(value: unknown, at = ''): string[] {
  if (Array.isArray(value)) return value.length > 0 ? [at] : [];
  if (!value || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => listsWithItems(child, at ? `${at}.${key}` : key));
}

describe("the plugins' configuration defaults", () => {
  test('every plugin is checked', () => {
    expect(pluginNames).toEqual(expect.arrayContaining(['graphql-acceleration', 'change-events', 'translation-workflow', 'production-guards', 'search', 'scheduling']));
  });

  test.each(pluginNames)('%s has no default list with items (Strapi would merge it into the app’s lists)', (name) => {
    expect(listsWithItems(defaultsOf(name))).toEqual([]);
  });

  test("lodash's merge is what makes it matter", () => {
    expect(fp.defaultsDeep({ headers: ['Cache-Tag', 'Surrogate-Key'] }, { headers: [] })).toEqual({ headers: ['Cache-Tag', 'Surrogate-Key'] });
  });

  test('a list the app gives arrives as given; a list it leaves out gets the default', () => {
    const acceleration = (given: unknown) => accelerationLists(fp.defaultsDeep<AccelerationGiven>(defaultsOf('graphql-acceleration'), given));
    expect(acceleration({ cdnTags: { headers: [] } }).cdnTags.headers).toEqual([]);
    expect(acceleration({ cdnTags: { headers: ['Surrogate-Key'] } }).cdnTags.headers).toEqual(['Surrogate-Key']);
    expect(acceleration({}).cdnTags).toEqual({ headers: ['Cache-Tag', 'Surrogate-Key'], prefix: '' });
    expect(acceleration({ contentTypes: [] }).contentTypes).toEqual([]);
    expect(acceleration({}).contentTypes).toEqual(['api::*']);
    const translation = (given: unknown) => translationLists(fp.defaultsDeep<TranslationGiven>(defaultsOf('translation-workflow'), given));
    expect(translation({ titleFields: ['headline'] }).titleFields).toEqual(['headline']);
    expect(translation({}).titleFields).toEqual(['title', 'name']);
    const events = (given: unknown) => changeEventsConfig({ config: { get: () => fp.defaultsDeep(defaultsOf('change-events'), given) } });
    expect(events({ contentTypes: ['api::press-release.press-release'] }).contentTypes).toEqual(['api::press-release.press-release']);
    expect(events({ contentTypes: [] }).contentTypes).toEqual([]);
    expect(events({}).contentTypes).toEqual(['api::*']);
  });
});
