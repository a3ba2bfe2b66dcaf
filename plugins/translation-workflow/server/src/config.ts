/** A machine translation service. */
export type ProviderName = 'deepl' | 'libretranslate';

/** A term of the glossary: kept as it is in every language, or with a fixed translation per locale. */
export type GlossaryTerm = { term: string; translations?: Record<string, string> };

/** The plugin's configuration (`config/plugins` of the app, key `translation-workflow`). */
export type TranslationWorkflowConfig = {
  /** The localized content types whose translations are tracked: UIDs, or a prefix with `*` (`api::*`). */
  contentTypes: string[];
  /** The locale a document is translated from unless an editor chose another for it. */
  defaultSource: string;
  /** Text attributes copied as they are by a machine translation, by content type or component UID: `{ 'shared.link': ['url'] }`. */
  untranslated: Record<string, string[]>;
  /** The attributes that name a document in lists, first one present. */
  titleFields: string[];
  /** The machine translation services this installation has (none: no machine translation). */
  providers: {
    deepl?: { apiKey: string; url?: string };
    libretranslate?: { url: string; apiKey?: string };
  };
  /**
   * Which service translates into which locale: `{ en: 'deepl', so: 'libretranslate', ur: 'none' }`,
   * `*` for the rest. A locale not named (and no `*`) goes to the first configured service that
   * supports it, DeepL before LibreTranslate.
   */
  routes: Record<string, ProviderName | 'none'>;
  /** Terms passed to the services that take a glossary (DeepL). */
  glossary: GlossaryTerm[];
  /** How long a service may take to answer one request. */
  timeoutMs: number;
};

/** The configuration as Strapi holds it: the lists may be left out. */
export type GivenConfig = Omit<TranslationWorkflowConfig, 'contentTypes' | 'titleFields'> & { contentTypes?: string[]; titleFields?: string[] };

/**
 * The configuration with the lists that were left out filled in (every content type of the app's
 * APIs; `title`, then `name`). Lists have no default in `defaults`: Strapi merges an app's
 * configuration into a plugin's defaults with lodash's `defaultsDeep`, which merges lists index
 * by index, so an app's `['headline']` came back as `['headline', 'name']`.
 */
export const withListDefaults = (given: GivenConfig): TranslationWorkflowConfig => ({
  ...given,
  contentTypes: given.contentTypes ?? ['api::*'],
  titleFields: given.titleFields ?? ['title', 'name'],
});

export const defaults: GivenConfig = {
  defaultSource: 'da',
  untranslated: {},
  providers: {},
  routes: {},
  glossary: [],
  timeoutMs: 20000,
};

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isLocale = (value: unknown) => typeof value === 'string' && /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value);
const isHttpUrl = (value: unknown) => {
  if (typeof value !== 'string' || !URL.canParse(value)) return false;
  const url = new URL(value);
  return ['http:', 'https:'].includes(url.protocol) && !url.username && !url.password && !url.search && !url.hash;
};
/** A glossary term goes into a tab-separated file: no tabs or line breaks, and not empty. */
const isTerm = (value: unknown) => typeof value === 'string' && value.trim() !== '' && !/[\t\r\n]/.test(value) && value.length <= 200;

/** What is wrong with a configuration, or null. Checked when Strapi loads the plugin. */
export function configProblem(config: unknown): string | null {
  if (!isObject(config)) return 'the configuration must be an object';
  const { contentTypes, defaultSource, untranslated, titleFields, providers, routes, glossary, timeoutMs } = config as Partial<GivenConfig>;
  if (contentTypes !== undefined && (!Array.isArray(contentTypes) || contentTypes.some((uid) => typeof uid !== 'string' || !/^[a-z]+::([\w-]+\.[\w-]+|[\w-]*\*)$/.test(uid))))
    return `contentTypes must be a list of content type UIDs (api::name.name) or prefixes (api::*), not ${JSON.stringify(contentTypes)}`;
  if (!isLocale(defaultSource)) return `defaultSource must be a locale code (da), not ${JSON.stringify(defaultSource)}`;
  if (!isObject(untranslated) || Object.values(untranslated).some((names) => !Array.isArray(names) || names.some((name) => typeof name !== 'string' || !/^[A-Za-z_]\w*$/.test(name))))
    return 'untranslated must map content type or component UIDs to lists of attribute names';
  if (titleFields !== undefined && (!Array.isArray(titleFields) || titleFields.length === 0 || titleFields.some((name) => typeof name !== 'string' || !/^[A-Za-z_]\w*$/.test(name))))
    return 'titleFields must name attributes';
  if (!isObject(providers)) return 'providers must be an object';
  for (const name of Object.keys(providers)) if (!['deepl', 'libretranslate'].includes(name)) return `providers.${name}: unknown service (deepl or libretranslate)`;
  if (providers.deepl !== undefined) {
    const deepl = providers.deepl as unknown;
    if (!isObject(deepl) || typeof deepl.apiKey !== 'string' || deepl.apiKey.trim() === '') return 'providers.deepl needs apiKey (DEEPL_API_KEY)';
    if (deepl.url !== undefined && !isHttpUrl(deepl.url)) return `providers.deepl.url must be an http(s) URL without credentials, query or fragment, not ${JSON.stringify(deepl.url)}`;
  }
  if (providers.libretranslate !== undefined) {
    const libre = providers.libretranslate as unknown;
    if (!isObject(libre) || !isHttpUrl(libre.url)) return `providers.libretranslate.url must be an http(s) URL without credentials, query or fragment (LIBRETRANSLATE_URL)`;
    if (libre.apiKey !== undefined && typeof libre.apiKey !== 'string') return 'providers.libretranslate.apiKey must be a string';
  }
  if (!isObject(routes)) return 'routes must map locales to deepl, libretranslate or none';
  for (const [locale, name] of Object.entries(routes)) {
    if (locale !== '*' && !isLocale(locale)) return `routes: ${JSON.stringify(locale)} is no locale code`;
    if (!['deepl', 'libretranslate', 'none'].includes(name as string)) return `routes.${locale} must be deepl, libretranslate or none, not ${JSON.stringify(name)}`;
    if (name !== 'none' && !providers[name as ProviderName]) return `routes.${locale} is ${name}, which is not configured (providers.${name})`;
  }
  if (!Array.isArray(glossary)) return 'glossary must be a list of { term, translations }';
  for (const [index, entry] of glossary.entries()) {
    if (!isObject(entry) || !isTerm(entry.term)) return `glossary[${index}].term must be a text of one line, at most 200 characters`;
    if (entry.translations !== undefined) {
      if (!isObject(entry.translations)) return `glossary[${index}].translations must map locales to texts`;
      for (const [locale, text] of Object.entries(entry.translations)) {
        if (!isLocale(locale)) return `glossary[${index}].translations: ${JSON.stringify(locale)} is no locale code`;
        if (!isTerm(text)) return `glossary[${index}].translations.${locale} must be a text of one line, at most 200 characters`;
      }
    }
  }
  if (!Number.isInteger(timeoutMs) || (timeoutMs as number) < 1000 || (timeoutMs as number) > 300000) return 'timeoutMs must be a whole number of milliseconds, 1000 to 300000';
  return null;
}

export default {
  default: defaults,
  validator(config: unknown) {
    const problem = configProblem(config);
    if (problem) throw new Error(`translation-workflow: ${problem}`);
  },
};
