import { envInteger, envList } from '../utils/env-switch';
import fs from 'fs';
import path from 'path';

const SERVICES = ['deepl', 'libretranslate', 'none'] as const;
type Route = (typeof SERVICES)[number];

/** TRANSLATION_PROVIDERS ("en=deepl,so=libretranslate,*=none") as routes by locale; refuses what it cannot read. */
export function translationRoutes(value: string[]): Record<string, Route> {
  const routes: Record<string, Route> = {};
  for (const item of value) {
    const match = /^([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*|\*)=([a-z]+)$/.exec(item);
    if (!match || !SERVICES.includes(match[2] as Route))
      throw new Error(`TRANSLATION_PROVIDERS: "${item}" must be locale=service, the service deepl, libretranslate or none (e.g. en=deepl,so=libretranslate,*=none)`);
    routes[match[1]] = match[2] as Route;
  }
  return routes;
}

type Term = { term: string; translations?: Record<string, string> };

/** The glossary: TRANSLATION_GLOSSARY (a JSON file, relative to the app) or config/translation-glossary.json; the plugin checks its entries. */
export function glossaryFile(env: NodeJS.ProcessEnv, root = process.cwd()): Term[] {
  const file = path.resolve(root, env.TRANSLATION_GLOSSARY?.trim() || 'config/translation-glossary.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (!env.TRANSLATION_GLOSSARY?.trim() && (error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`TRANSLATION_GLOSSARY: cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text) as Term[];
  } catch (error) {
    throw new Error(`The glossary ${file} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The translation-workflow plugin's settings (plugins/translation-workflow): translations of every
 * localized content type followed against Danish; machine translation by DeepL (DEEPL_API_KEY,
 * DEEPL_API_URL) and LibreTranslate (LIBRETRANSLATE_URL, LIBRETRANSLATE_API_KEY), chosen per
 * locale by TRANSLATION_PROVIDERS or else the first that supports the locale; the glossary in
 * config/translation-glossary.json.
 */
export function translationSettings(env: NodeJS.ProcessEnv) {
  const deeplKey = env.DEEPL_API_KEY?.trim();
  const libreUrl = env.LIBRETRANSLATE_URL?.trim();
  return {
    contentTypes: ['api::*'],
    defaultSource: 'da',
    // Addresses, names and figures are copied into a machine translation, not translated.
    untranslated: { 'shared.link': ['url'], 'shared.quote': ['author'], 'shared.key-figure': ['value'], 'press.media-item': ['credit'] },
    titleFields: ['title', 'name'],
    providers: {
      ...(deeplKey ? { deepl: { apiKey: deeplKey, ...(env.DEEPL_API_URL?.trim() ? { url: env.DEEPL_API_URL.trim() } : {}) } } : {}),
      ...(libreUrl ? { libretranslate: { url: libreUrl, ...(env.LIBRETRANSLATE_API_KEY?.trim() ? { apiKey: env.LIBRETRANSLATE_API_KEY.trim() } : {}) } } : {}),
    },
    routes: translationRoutes(envList('TRANSLATION_PROVIDERS', env)),
    glossary: glossaryFile(env),
    timeoutMs: envInteger('TRANSLATION_TIMEOUT_MS', 20000, 1000, env),
  };
}
