import * as React from 'react';
import { useFetchClient } from '@strapi/admin/strapi-admin';
import { Badge, Box, Flex, TextButton, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { API, useLanguageName, useOpenNeedingTranslation, useT, type Coverage } from './shared';

/**
 * The admin home page's widget "Translations" (plugins/translation-workflow): per content type,
 * the languages with documents whose translation is missing or outdated, with the counts of
 * current, missing and outdated versions; a click lists the documents needing work in the
 * Content Manager. Only the types the user may read.
 */
export function TranslationCoverage() {
  const t = useT();
  const { formatMessage } = useIntl();
  const { get } = useFetchClient();
  const openNeeding = useOpenNeedingTranslation();
  const languageName = useLanguageName();
  const [coverage, setCoverage] = React.useState<Coverage[] | null>(null);
  const [names, setNames] = React.useState<Record<string, string>>({});
  const [failed, setFailed] = React.useState(false);

  React.useEffect(() => {
    let active = true;
    Promise.all([get<{ data: Coverage[] }>(`${API}/coverage`), get<Array<{ code: string; name: string }>>('/i18n/locales')]).then(
      ([types, locales]) => {
        if (!active) return;
        setCoverage(types.data.data);
        setNames(Object.fromEntries(locales.data.map((locale) => [locale.code, languageName(locale.code, locale.name)])));
      },
      () => active && setFailed(true)
    );
    return () => {
      active = false;
    };
  }, [get, languageName]);

  if (failed) return <Typography textColor="danger600">{t('partnerships-cms.translations.loadFailed')}</Typography>;
  if (!coverage) return null;
  const rows = coverage
    .map((type) => ({ ...type, locales: type.locales.filter((entry) => entry.missing + entry.outdated > 0 && entry.source < type.documents) }))
    .filter((type) => type.locales.length > 0);
  if (rows.length === 0) return <Typography textColor="neutral600">{t('partnerships-cms.translations.coverageNone')}</Typography>;
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <Typography variant="pi" textColor="neutral600">
        {t('partnerships-cms.translations.coverageHint')}
      </Typography>
      {rows.map((type) => (
        <Box key={type.uid} tag="section" aria-label={formatMessage({ id: type.name, defaultMessage: type.name })}>
          <Typography variant="sigma" textColor="neutral700" tag="h3">
            {formatMessage({ id: type.name, defaultMessage: type.name })}
          </Typography>
          <Box tag="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {type.locales.map((entry) => (
              <Flex tag="li" key={entry.locale} justifyContent="space-between" gap={2} paddingTop={1} data-locale={entry.locale}>
                <TextButton onClick={() => openNeeding(type.uid, entry.locale, names[entry.locale] ?? entry.locale, 'da')}>{names[entry.locale] ?? entry.locale}</TextButton>
                <Flex gap={1} wrap="wrap" justifyContent="flex-end">
                  <Typography variant="pi" textColor="neutral600">
                    {t('partnerships-cms.translations.coverageCurrent', { count: entry.current })}
                  </Typography>
                  {entry.missing > 0 ? <Badge variant="neutral">{t('partnerships-cms.translations.coverageMissing', { count: entry.missing })}</Badge> : null}
                  {entry.outdated > 0 ? (
                    <Badge backgroundColor="warning200" textColor="neutral800">
                      {t('partnerships-cms.translations.coverageOutdated', { count: entry.outdated })}
                    </Badge>
                  ) : null}
                </Flex>
              </Flex>
            ))}
          </Box>
        </Box>
      ))}
    </Flex>
  );
}
