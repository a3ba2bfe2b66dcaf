import * as React from 'react';
import { useFetchClient, useNotification, useQueryParams } from '@strapi/admin/strapi-admin';
import type { PanelComponent } from '@strapi/content-manager/strapi-admin';
import { Badge, Box, Button, Dialog, Field, Flex, SingleSelect, SingleSelectOption, TextButton, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { useNavigate } from 'react-router-dom';
import { fieldLabel, type EditorLanguage } from '../../../content-labels';
import { COMPONENTS, CONTENT_TYPES } from '../../schemas';
import { API, errorMessage, useLanguageName, useT, type DocumentStates, type LocaleState } from './shared';

/**
 * The edit view's side panel "Translations" (plugins/translation-workflow): the state of every
 * language version against the source language (source, current, outdated, missing, and
 * machine-translated), what changed in the source since an outdated version was last saved,
 * field by field, the source language, and for the open language: "Translate from Danish" (a
 * machine translation into its draft, never published) and "Mark as current".
 */

const STATE_VARIANT: Record<LocaleState['state'], 'secondary' | 'success' | 'warning' | 'neutral'> = { source: 'secondary', current: 'success', outdated: 'warning', missing: 'neutral' };
/** The design system's neutral150: the line between two languages. */
const ROW_RULE = '#eaeaef';

/** A changed field's name as editors know it: `quotes.2.text` → "Citater 2 › Citat". */
function fieldPath(uid: string, path: string, language: EditorLanguage): string {
  const parts = path.split('.');
  const labels: string[] = [];
  let owner: string | undefined = uid;
  for (const part of parts) {
    if (/^\d+$/.test(part)) {
      labels[labels.length - 1] = `${labels[labels.length - 1]} ${part}`;
      continue;
    }
    labels.push(owner ? fieldLabel(owner, part, language) : part);
    const schema: { attributes: Record<string, { type: string; component?: string }> } | undefined = owner ? (CONTENT_TYPES[owner] ?? COMPONENTS[owner]) : undefined;
    owner = schema?.attributes[part]?.component;
  }
  return labels.join(' › ');
}

function Changes({ uid, entry }: { uid: string; entry: LocaleState }) {
  const t = useT();
  const { locale } = useIntl();
  const [open, setOpen] = React.useState(false);
  if (entry.changes === null)
    return (
      <Typography variant="pi" textColor="neutral600">
        {t('partnerships-cms.translations.changesUnknown')}
      </Typography>
    );
  if (entry.changes.length === 0) return null;
  const language: EditorLanguage = locale.startsWith('da') ? 'da' : 'en';
  return (
    <Box>
      <TextButton onClick={() => setOpen(!open)} aria-expanded={open}>
        {t(open ? 'partnerships-cms.translations.hideChanges' : 'partnerships-cms.translations.showChanges')}
      </TextButton>
      {open ? (
        <Box tag="ul" paddingTop={2} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {entry.changes.map((change) => (
            <Box tag="li" key={change.field} paddingTop={2}>
              <Typography variant="sigma" textColor="neutral700" tag="p">
                {fieldPath(uid, change.field, language)}
              </Typography>
              <Typography variant="pi" textColor="danger600" tag="p" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                <span aria-hidden>− </span>
                <del>{change.before ?? t('partnerships-cms.translations.empty')}</del>
              </Typography>
              <Typography variant="pi" textColor="success600" tag="p" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                <span aria-hidden>+ </span>
                <ins style={{ textDecoration: 'none' }}>{change.after ?? t('partnerships-cms.translations.empty')}</ins>
              </Typography>
            </Box>
          ))}
        </Box>
      ) : null}
    </Box>
  );
}

/** Asks before a machine translation replaces the draft's texts. */
function TranslateButton({ onConfirm, busy, source, target, provider }: { onConfirm: () => void; busy: boolean; source: string; target: string; provider: string }) {
  const t = useT();
  return (
    <Dialog.Root>
      <Dialog.Trigger>
        <Button variant="secondary" fullWidth loading={busy}>
          {t('partnerships-cms.translations.translate', { source })}
        </Button>
      </Dialog.Trigger>
      <Dialog.Content>
        <Dialog.Header>{t('partnerships-cms.translations.translateTitle', { locale: target })}</Dialog.Header>
        <Dialog.Body>
          <Typography>{t('partnerships-cms.translations.translateBody', { locale: target, source, provider: provider === 'deepl' ? 'DeepL' : 'LibreTranslate' })}</Typography>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button variant="tertiary">{t('partnerships-cms.translations.cancel')}</Button>
          </Dialog.Cancel>
          <Dialog.Action>
            <Button onClick={onConfirm}>{t('partnerships-cms.translations.translateConfirm')}</Button>
          </Dialog.Action>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
}

function PanelContent({ uid, documentId, openLocale }: { uid: string; documentId: string; openLocale: string }) {
  const t = useT();
  const { formatDate } = useIntl();
  const { get, post, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const navigate = useNavigate();
  const languageName = useLanguageName();
  const [states, setStates] = React.useState<DocumentStates | null>(null);
  const [failed, setFailed] = React.useState(false);
  const [busy, setBusy] = React.useState(false);

  // Read again after each action, on each change of the open language, and when the tab comes back into view.
  const [version, setVersion] = React.useState(0);
  const load = React.useCallback(() => setVersion((current) => current + 1), []);
  const [{ query }] = useQueryParams<{ plugins?: { i18n?: { locale?: string } } }>();
  React.useEffect(() => {
    let active = true;
    get<{ data: DocumentStates }>(`${API}/documents/${uid}/${documentId}`).then(
      ({ data }) => {
        if (!active) return;
        // Languages named in the admin's language.
        setStates({ ...data.data, locales: data.data.locales.map((entry) => ({ ...entry, name: languageName(entry.locale, entry.name) })) });
        setFailed(false);
      },
      () => active && setFailed(true)
    );
    return () => {
      active = false;
    };
  }, [get, uid, documentId, languageName, query, version]);
  React.useEffect(() => {
    const again = () => document.visibilityState === 'visible' && load();
    document.addEventListener('visibilitychange', again);
    return () => document.removeEventListener('visibilitychange', again);
  }, [load]);

  const act = async (work: () => Promise<unknown>, done: string, reload = false) => {
    setBusy(true);
    try {
      await work();
      toggleNotification({ type: 'success', message: done });
      // The form holds the draft as it was: the translation is shown by reading it again.
      if (reload) window.location.reload();
      else load();
    } catch (error) {
      toggleNotification({ type: 'danger', message: t('partnerships-cms.translations.failed', { message: errorMessage(error) }) });
    } finally {
      setBusy(false);
    }
  };

  if (failed) return <Typography textColor="danger600">{t('partnerships-cms.translations.loadFailed')}</Typography>;
  if (!states) return null;
  const nameOf = (code: string) => states.locales.find((entry) => entry.locale === code)?.name ?? code;
  const open = states.locales.find((entry) => entry.locale === openLocale);
  const switchTo = (code: string) => navigate({ search: `?plugins[i18n][locale]=${encodeURIComponent(code)}` });

  return (
    <Flex direction="column" alignItems="stretch" gap={3} width="100%" data-translations-panel="">
      <Field.Root name="translation-source" hint={t('partnerships-cms.translations.sourceHint')}>
        <Field.Label>{t('partnerships-cms.translations.source')}</Field.Label>
        <SingleSelect
          value={states.sourceLocale}
          disabled={busy}
          size="S"
          onChange={(value: string | number) =>
            act(() => put(`${API}/documents/${uid}/${documentId}/source`, { locale: value }), `${t('partnerships-cms.translations.source')}: ${nameOf(String(value))}`)
          }
        >
          {states.locales
            .filter((entry) => entry.state !== 'missing')
            .map((entry) => (
              <SingleSelectOption key={entry.locale} value={entry.locale}>
                {entry.name}
              </SingleSelectOption>
            ))}
        </SingleSelect>
        <Field.Hint />
      </Field.Root>
      <Box tag="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={t('partnerships-cms.translations.title')}>
        {states.locales.map((entry) => (
          <Box tag="li" key={entry.locale} paddingTop={2} paddingBottom={2} style={{ borderTop: `1px solid ${ROW_RULE}` }} data-locale={entry.locale}>
            <Flex justifyContent="space-between" alignItems="flex-start" gap={2}>
              {entry.locale === openLocale ? (
                <Typography fontWeight="bold">{entry.name}</Typography>
              ) : (
                <TextButton onClick={() => switchTo(entry.locale)} aria-label={t('partnerships-cms.translations.open', { locale: entry.name })}>
                  {entry.name}
                </TextButton>
              )}
              <Flex gap={1} wrap="wrap" justifyContent="flex-end">
                {entry.machineProvider ? <Badge variant="alternative">{t('partnerships-cms.translations.machine')}</Badge> : null}
                {/* The design system's warning badge is 3.6:1 (WCAG asks 4.5:1): dark text on its light amber. */}
                <Badge {...(entry.state === 'outdated' ? { backgroundColor: 'warning200', textColor: 'neutral800' } : { variant: STATE_VARIANT[entry.state] })}>
                  {t(`partnerships-cms.translations.state.${entry.state}`)}
                </Badge>
              </Flex>
            </Flex>
            {entry.state === 'outdated' && states.sourceChangedAt ? (
              <Typography variant="pi" textColor="neutral600" tag="p">
                {t('partnerships-cms.translations.changedSince', { date: formatDate(states.sourceChangedAt, { dateStyle: 'medium', timeStyle: 'short' }) })}
              </Typography>
            ) : null}
            {entry.state !== 'outdated' && entry.publishedState === 'outdated' ? (
              <Typography variant="pi" textColor="neutral600" tag="p">
                {t('partnerships-cms.translations.publishedOutdated')}
              </Typography>
            ) : null}
            {entry.state === 'outdated' ? <Changes uid={uid} entry={entry} /> : null}
          </Box>
        ))}
      </Box>
      {open && open.state !== 'source' && states.hasDrafts ? (
        <Flex direction="column" alignItems="stretch" gap={2}>
          {open.machineProvider ? (
            <Typography variant="pi" textColor="neutral700">
              {t('partnerships-cms.translations.machineHint', { provider: open.machineProvider === 'deepl' ? 'DeepL' : 'LibreTranslate' })}
            </Typography>
          ) : null}
          {open.provider ? (
            <TranslateButton
              busy={busy}
              source={nameOf(states.sourceLocale).toLocaleLowerCase()}
              target={open.name}
              provider={open.provider}
              onConfirm={() => act(() => post(`${API}/documents/${uid}/${documentId}/translate`, { locale: open.locale }), t('partnerships-cms.translations.translated', { locale: open.name }), true)}
            />
          ) : (
            <Typography variant="pi" textColor="neutral600">
              {t('partnerships-cms.translations.noProvider')}
            </Typography>
          )}
          {open.state === 'outdated' ? (
            <Button
              variant="tertiary"
              fullWidth
              disabled={busy}
              onClick={() => act(() => post(`${API}/documents/${uid}/${documentId}/current`, { locale: open.locale }), t('partnerships-cms.translations.markedCurrent'))}
            >
              {t('partnerships-cms.translations.markCurrent')}
            </Button>
          ) : null}
        </Flex>
      ) : null}
    </Flex>
  );
}

/** Localized content types only (the server says which it follows: a 404 hides the panel). */
export const TranslationsPanel: PanelComponent = ({ model, documentId, collectionType }) => {
  const t = useT();
  const [{ query }] = useQueryParams<{ plugins?: { i18n?: { locale?: string } } }>();
  const schema = CONTENT_TYPES[model] as { pluginOptions?: { i18n?: { localized?: boolean } } } | undefined;
  if (!schema?.pluginOptions?.i18n?.localized || collectionType !== 'collection-types') return null;
  const openLocale = query.plugins?.i18n?.locale ?? 'da';
  return {
    title: t('partnerships-cms.translations.title'),
    content: documentId ? (
      <PanelContent uid={model} documentId={documentId} openLocale={openLocale} />
    ) : (
      <Typography variant="pi" textColor="neutral600">
        {t('partnerships-cms.translations.saveFirst')}
      </Typography>
    ),
  };
};
