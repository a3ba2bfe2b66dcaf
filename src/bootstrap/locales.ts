import type { Core } from '@strapi/strapi';
import { operations } from '../settings/operations';

export const DEFAULT_LOCALE = 'da';
export const DEFAULT_LOCALES = ['da', 'en', 'ar', 'fa', 'pl', 'so', 'tr', 'uk', 'ur'] as const;
/** Locales every installation has: Danish content first, English for everyone else. */
const REQUIRED_LOCALES = [DEFAULT_LOCALE, 'en'];
export const RIGHT_TO_LEFT_LOCALES = ['ar', 'fa', 'ur', 'he', 'ps', 'ckb', 'dv', 'yi'];

type IsoLocale = { code: string; name: string };
type LocaleRow = { id: number; code: string; name: string };

/** Parses the LOCALES variable ("da,en,ar") into a list of codes, refusing what i18n cannot serve. */
export function parseLocaleList(value: string | undefined, isoLocales: IsoLocale[]): string[] {
  const codes = (value?.trim() ? value.split(',') : [...DEFAULT_LOCALES]).map((code) => code.trim()).filter(Boolean);
  const known = new Set(isoLocales.map((locale) => locale.code));
  const unknown = codes.filter((code) => !known.has(code));
  if (unknown.length > 0) {
    throw new Error(`LOCALES holds unknown locale codes: ${unknown.join(', ')} (use ISO codes such as da, en, ar).`);
  }
  const missing = REQUIRED_LOCALES.filter((code) => !codes.includes(code));
  if (missing.length > 0) {
    throw new Error(`LOCALES must include ${REQUIRED_LOCALES.join(' and ')}; missing: ${missing.join(', ')}.`);
  }
  return [...new Set(codes)];
}

/**
 * Creates the configured locales that do not exist yet and makes Danish the default.
 * Idempotent, and it never deletes: a locale an editor added in the admin stays.
 */
export async function ensureLocales(strapi: Core.Strapi): Promise<{ created: string[] }> {
  const i18n = strapi.plugin('i18n');
  const isoLocales: IsoLocale[] = i18n.service('iso-locales').getIsoLocales();
  const wanted = parseLocaleList(operations(strapi).locales, isoLocales);
  const localesService = i18n.service('locales');
  const existing: LocaleRow[] = await localesService.find();
  const existingCodes = new Set(existing.map((locale) => locale.code));
  const created: string[] = [];
  for (const code of wanted) {
    if (existingCodes.has(code)) continue;
    const name = isoLocales.find((locale) => locale.code === code)?.name ?? code;
    await localesService.create({ code, name }, { isDefault: code === DEFAULT_LOCALE });
    created.push(code);
  }
  if ((await localesService.getDefaultLocale()) !== DEFAULT_LOCALE) {
    await localesService.setDefaultLocale({ code: DEFAULT_LOCALE });
  }
  if (created.length > 0) strapi.log.info(`[locales] created ${created.join(', ')}; default locale ${DEFAULT_LOCALE}`);
  return { created };
}
