import * as React from 'react';
import { useFetchClient, useNotification } from '@strapi/admin/strapi-admin';
import { useIntl } from 'react-intl';
import { useNavigate } from 'react-router-dom';
import { TRANSLATION_MESSAGES, type TranslationMessageId } from './messages';
import type { Coverage, DocumentStates, LocaleState } from '../../../../plugins/translation-workflow/server/src/services/translations';

export type { Coverage, DocumentStates, LocaleState };

/** The plugin's admin API. */
export const API = '/translation-workflow';
/** How many documents a "needs translation" list shows (their ids travel in the list view's address). */
const MAX_LISTED = 100;

export type Translate = (id: TranslationMessageId, values?: Record<string, string | number>) => string;

export function useT(): Translate {
  const { formatMessage } = useIntl();
  return React.useCallback<Translate>((id, values) => formatMessage({ id, defaultMessage: TRANSLATION_MESSAGES.en[id] }, values), [formatMessage]);
}

/** A language's name in the admin's language ("Arabisk", "Arabic"), falling back to the site's name for the locale. */
export function useLanguageName(): (code: string, fallback?: string) => string {
  const { locale } = useIntl();
  return React.useCallback(
    (code: string, fallback?: string) => {
      try {
        const name = new Intl.DisplayNames([locale], { type: 'language' }).of(code);
        if (name && name !== code) return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
      } catch {
        // not a language code Intl knows
      }
      return fallback ?? code;
    },
    [locale]
  );
}

/** The message of an admin API refusal, or the error's own. */
export const errorMessage = (error: unknown): string =>
  (error as { response?: { data?: { error?: { message?: string } } } }).response?.data?.error?.message ?? (error as Error).message ?? String(error);

/**
 * Opens the Content Manager's list of a type showing the documents that need a translation into
 * `locale` (missing or outdated), in the default source language, by their document ids.
 */
export function useOpenNeedingTranslation(): (uid: string, locale: string, localeName: string, sourceLocale: string) => Promise<void> {
  const { get } = useFetchClient();
  const navigate = useNavigate();
  const { toggleNotification } = useNotification();
  const t = useT();
  return React.useCallback(
    async (uid, locale, localeName, sourceLocale) => {
      try {
        const { data } = await get<{ data: { total: number; documents: Array<{ documentId: string }> } }>(`${API}/documents?${new URLSearchParams({ uid, locale, state: 'needed' })}`);
        const { total, documents } = data.data;
        if (documents.length === 0) {
          toggleNotification({ type: 'info', message: t('partnerships-cms.translations.filterNone', { locale: localeName }) });
          return;
        }
        const shown = documents.slice(0, MAX_LISTED);
        const query = new URLSearchParams({ page: '1', pageSize: '100', 'plugins[i18n][locale]': sourceLocale });
        shown.forEach((document, index) => query.append(`filters[$and][0][documentId][$in][${index}]`, document.documentId));
        if (total > shown.length) toggleNotification({ type: 'info', message: t('partnerships-cms.translations.filterMore', { shown: shown.length, total }) });
        navigate(`/content-manager/collection-types/${uid}?${query}`);
      } catch (error) {
        toggleNotification({ type: 'danger', message: t('partnerships-cms.translations.failed', { message: errorMessage(error) }) });
      }
    },
    [get, navigate, toggleNotification, t]
  );
}
