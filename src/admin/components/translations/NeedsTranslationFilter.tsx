import * as React from 'react';
import { useFetchClient } from '@strapi/admin/strapi-admin';
import { SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useParams } from 'react-router-dom';
import { CONTENT_TYPES } from '../../schemas';
import { useLanguageName, useOpenNeedingTranslation, useT } from './shared';

/**
 * The list view's filter "Needs translation in …" (plugins/translation-workflow): choosing a
 * language lists the documents whose version in it is missing or outdated.
 */
export function NeedsTranslationFilter() {
  const t = useT();
  const { slug } = useParams<{ slug: string }>();
  const { get } = useFetchClient();
  const openNeeding = useOpenNeedingTranslation();
  const languageName = useLanguageName();
  const [locales, setLocales] = React.useState<Array<{ code: string; name: string }>>([]);
  const localized = Boolean(slug && (CONTENT_TYPES[slug] as { pluginOptions?: { i18n?: { localized?: boolean } } } | undefined)?.pluginOptions?.i18n?.localized);

  React.useEffect(() => {
    if (!localized) return;
    let active = true;
    get<Array<{ code: string; name: string }>>('/i18n/locales').then(
      ({ data }) => active && setLocales(data.filter((locale) => locale.code !== 'da').map((locale) => ({ code: locale.code, name: languageName(locale.code, locale.name) }))),
      () => undefined
    );
    return () => {
      active = false;
    };
  }, [get, localized, languageName]);

  if (!localized || !slug || locales.length === 0) return null;
  return (
    <SingleSelect
      aria-label={t('partnerships-cms.translations.filter')}
      placeholder={t('partnerships-cms.translations.filter')}
      size="S"
      value=""
      onChange={(code: string | number) => openNeeding(slug, String(code), locales.find((locale) => locale.code === code)?.name ?? String(code), 'da')}
    >
      {locales.map((locale) => (
        <SingleSelectOption key={locale.code} value={locale.code}>
          {locale.name}
        </SingleSelectOption>
      ))}
    </SingleSelect>
  );
}
