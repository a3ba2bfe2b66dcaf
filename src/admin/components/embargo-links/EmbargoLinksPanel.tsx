import * as React from 'react';
import { useClipboard, useFetchClient, useNotification, useQueryParams, useRBAC } from '@strapi/admin/strapi-admin';
import type { PanelComponent } from '@strapi/content-manager/strapi-admin';
import { Badge, Box, Button, Dialog, Field, Flex, Modal, SingleSelect, SingleSelectOption, TextButton, TextInput, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { EMBARGO_LINK_MESSAGES, EMBARGO_LINK_PERMISSIONS, type EmbargoLinkMessageId } from './messages';
import type { Access, FieldError, Link } from '../../../../plugins/embargo-links/server/src/services/links';

/**
 * The press release edit view's side panel "Journalist links" (plugins/embargo-links): the
 * links of the open language version with their status and visits, a form that makes one for
 * a named journalist (its address shown once, to copy), and revocation.
 */

const PRESS_RELEASE = 'api::press-release.press-release';
const DEFAULT_LOCALE = 'da';
const EXPIRY_DAYS = [1, 2, 3, 7, 14, 30];
const DEFAULT_EXPIRY_DAYS = 7;
/** The design system's neutral150: the line between two links. */
const ROW_RULE = '#eaeaef';
const STATUS_VARIANT: Record<Link['status'], 'success' | 'secondary' | 'danger'> = { active: 'success', expired: 'secondary', revoked: 'danger' };

type Translate = (id: EmbargoLinkMessageId, values?: Record<string, string | number>) => string;

function useT(): { t: Translate; formatTime: (iso: string) => string } {
  const { formatMessage, formatDate } = useIntl();
  const t: Translate = (id, values) => formatMessage({ id, defaultMessage: EMBARGO_LINK_MESSAGES.en[id] }, values);
  const formatTime = (iso: string) => formatDate(iso, { dateStyle: 'medium', timeStyle: 'short' });
  return { t, formatTime };
}

/** The admin API's refusal: each field's reason. */
const fieldErrorsOf = (error: unknown): FieldError[] =>
  ((error as { response?: { data?: { error?: { details?: { errors?: FieldError[] } } } } }).response?.data?.error?.details?.errors ?? []).filter((entry) => entry && entry.code);

type Draft = { journalistName: string; journalistEmail: string; outlet: string; days: number };
const EMPTY: Draft = { journalistName: '', journalistEmail: '', outlet: '', days: DEFAULT_EXPIRY_DAYS };

/** The form that makes a link, then shows its address once. */
function NewLinkModal({ documentId, locale, onMade }: { documentId: string; locale: string; onMade: () => void }) {
  const { t } = useT();
  const { post } = useFetchClient();
  const { copy } = useClipboard();
  const { toggleNotification } = useNotification();
  const [open, setOpen] = React.useState(false);
  const [draft, setDraft] = React.useState<Draft>(EMPTY);
  const [errors, setErrors] = React.useState<FieldError[]>([]);
  const [saving, setSaving] = React.useState(false);
  const [made, setMade] = React.useState<{ url: string; name: string } | null>(null);

  const reset = () => {
    setDraft(EMPTY);
    setErrors([]);
    setMade(null);
  };
  const errorOf = (field: string) => {
    const error = errors.find((entry) => entry.path[0] === field);
    return error ? t(`partnerships-cms.embargo-links.error.${error.code}` as EmbargoLinkMessageId, { maxDays: error.maxDays ?? '' }) : undefined;
  };
  // Refusals about the release itself (no release date, already public, not saved in this language).
  const documentError = errors.find((entry) => entry.path[0] === 'releaseDate' || entry.path[0] === 'documentId' || entry.path[0] === 'locale');

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setErrors([]);
    try {
      const expiresAt = new Date(Date.now() + draft.days * 24 * 60 * 60 * 1000).toISOString();
      const { data } = await post<{ data: Link & { url: string } }>('/embargo-links/links', {
        documentId,
        locale,
        journalistName: draft.journalistName,
        journalistEmail: draft.journalistEmail,
        outlet: draft.outlet || null,
        expiresAt,
      });
      setMade({ url: data.data.url, name: data.data.journalistName });
      onMade();
    } catch (error) {
      const refused = fieldErrorsOf(error);
      if (refused.length) setErrors(refused);
      else toggleNotification({ type: 'danger', message: t('partnerships-cms.embargo-links.failed') });
    } finally {
      setSaving(false);
    }
  };

  const copyAddress = async () => {
    if (made && (await copy(made.url))) toggleNotification({ type: 'success', message: t('partnerships-cms.embargo-links.copied') });
  };

  return (
    <Modal.Root
      open={open}
      onOpenChange={(next: boolean) => {
        setOpen(next);
        if (!next) reset();
      }}
    >
      <Modal.Trigger>
        <Button variant="secondary" fullWidth>
          {t('partnerships-cms.embargo-links.new')}
        </Button>
      </Modal.Trigger>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{made ? t('partnerships-cms.embargo-links.created') : t('partnerships-cms.embargo-links.new')}</Modal.Title>
        </Modal.Header>
        {made ? (
          <>
            <Modal.Body>
              <Flex direction="column" alignItems="stretch" gap={4}>
                <Typography>{t('partnerships-cms.embargo-links.createdHint', { name: made.name })}</Typography>
                <Field.Root name="embargo-link-address">
                  <Field.Label>{t('partnerships-cms.embargo-links.address')}</Field.Label>
                  <TextInput value={made.url} readOnly onFocus={(event: React.FocusEvent<HTMLInputElement>) => event.target.select()} />
                </Field.Root>
              </Flex>
            </Modal.Body>
            <Modal.Footer>
              <Modal.Close>
                <Button variant="tertiary">{t('partnerships-cms.embargo-links.close')}</Button>
              </Modal.Close>
              <Button onClick={copyAddress}>{t('partnerships-cms.embargo-links.copy')}</Button>
            </Modal.Footer>
          </>
        ) : (
          <form onSubmit={submit} noValidate>
            <Modal.Body>
              <Flex direction="column" alignItems="stretch" gap={4}>
                {documentError ? (
                  <Typography textColor="danger600" role="alert">
                    {t(`partnerships-cms.embargo-links.error.${documentError.code}` as EmbargoLinkMessageId)}
                  </Typography>
                ) : null}
                <Field.Root name="journalistName" error={errorOf('journalistName')} required>
                  <Field.Label>{t('partnerships-cms.embargo-links.name')}</Field.Label>
                  <TextInput value={draft.journalistName} autoComplete="off" onChange={(event: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, journalistName: event.target.value })} />
                  <Field.Error />
                </Field.Root>
                <Field.Root name="journalistEmail" error={errorOf('journalistEmail')} required>
                  <Field.Label>{t('partnerships-cms.embargo-links.email')}</Field.Label>
                  <TextInput
                    type="email"
                    value={draft.journalistEmail}
                    autoComplete="off"
                    onChange={(event: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, journalistEmail: event.target.value })}
                  />
                  <Field.Error />
                </Field.Root>
                <Field.Root name="outlet" error={errorOf('outlet')}>
                  <Field.Label>{t('partnerships-cms.embargo-links.outlet')}</Field.Label>
                  <TextInput value={draft.outlet} onChange={(event: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, outlet: event.target.value })} />
                  <Field.Error />
                </Field.Root>
                <Field.Root name="expiresAt" error={errorOf('expiresAt')}>
                  <Field.Label>{t('partnerships-cms.embargo-links.expiry')}</Field.Label>
                  <SingleSelect value={String(draft.days)} onChange={(value: string | number) => setDraft({ ...draft, days: Number(value) })}>
                    {EXPIRY_DAYS.map((days) => (
                      <SingleSelectOption key={days} value={String(days)}>
                        {t('partnerships-cms.embargo-links.days', { count: days })}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                  <Field.Error />
                </Field.Root>
              </Flex>
            </Modal.Body>
            <Modal.Footer>
              <Modal.Close>
                <Button variant="tertiary">{t('partnerships-cms.embargo-links.cancel')}</Button>
              </Modal.Close>
              <Button type="submit" loading={saving}>
                {t('partnerships-cms.embargo-links.create')}
              </Button>
            </Modal.Footer>
          </form>
        )}
      </Modal.Content>
    </Modal.Root>
  );
}

/** One link: who, status, expiry, visits (with the log on demand) and revocation. */
function LinkRow({ link, canManage, onChanged }: { link: Link; canManage: boolean; onChanged: () => void }) {
  const { t, formatTime } = useT();
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [log, setLog] = React.useState<Access[] | null>(null);

  const toggleLog = async () => {
    if (log) return setLog(null);
    try {
      const { data } = await get<{ data: Access[] }>(`/embargo-links/links/${link.id}/accesses`);
      setLog(data.data);
    } catch {
      toggleNotification({ type: 'danger', message: t('partnerships-cms.embargo-links.failed') });
    }
  };
  const revoke = async () => {
    try {
      await post(`/embargo-links/links/${link.id}/revoke`, {});
      toggleNotification({ type: 'success', message: t('partnerships-cms.embargo-links.revoked') });
      onChanged();
    } catch {
      toggleNotification({ type: 'danger', message: t('partnerships-cms.embargo-links.failed') });
    }
  };

  const when =
    link.status === 'revoked' && link.revokedAt
      ? t('partnerships-cms.embargo-links.revokedAt', { time: formatTime(link.revokedAt) })
      : t(link.status === 'expired' ? 'partnerships-cms.embargo-links.expired' : 'partnerships-cms.embargo-links.expires', { time: formatTime(link.expiresAt) });

  return (
    <Box tag="li" paddingTop={3} paddingBottom={3} style={{ borderTop: `1px solid ${ROW_RULE}` }}>
      <Flex direction="column" alignItems="stretch" gap={1}>
        <Typography fontWeight="bold" title={link.journalistEmail} style={{ overflowWrap: 'anywhere' }}>
          {link.journalistName}
        </Typography>
        <Box>
          <Badge active={link.status === 'active'} variant={STATUS_VARIANT[link.status]}>
            {t(`partnerships-cms.embargo-links.status.${link.status}`)}
          </Badge>
        </Box>
        {link.outlet ? (
          <Typography variant="pi" textColor="neutral600">
            {link.outlet}
          </Typography>
        ) : null}
        <Typography variant="pi" textColor="neutral600">
          {when}
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          {t('partnerships-cms.embargo-links.visits', { count: link.accesses, time: link.lastAccessAt ? formatTime(link.lastAccessAt) : '' })}
        </Typography>
        <Flex gap={3} paddingTop={1}>
          {link.accesses > 0 ? <TextButton onClick={toggleLog}>{log ? t('partnerships-cms.embargo-links.hideLog') : t('partnerships-cms.embargo-links.log')}</TextButton> : null}
          {canManage && link.status === 'active' ? (
            <Dialog.Root>
              <Dialog.Trigger>
                <TextButton>{t('partnerships-cms.embargo-links.revoke')}</TextButton>
              </Dialog.Trigger>
              <Dialog.Content>
                <Dialog.Header>{t('partnerships-cms.embargo-links.revoke')}</Dialog.Header>
                <Dialog.Body>
                  <Typography>{t('partnerships-cms.embargo-links.revokeConfirm', { name: link.journalistName })}</Typography>
                </Dialog.Body>
                <Dialog.Footer>
                  <Dialog.Cancel>
                    <Button variant="tertiary" fullWidth>
                      {t('partnerships-cms.embargo-links.cancel')}
                    </Button>
                  </Dialog.Cancel>
                  <Dialog.Action>
                    <Button variant="danger-light" fullWidth onClick={revoke}>
                      {t('partnerships-cms.embargo-links.revoke')}
                    </Button>
                  </Dialog.Action>
                </Dialog.Footer>
              </Dialog.Content>
            </Dialog.Root>
          ) : null}
        </Flex>
        {log ? (
          <Box tag="ol" paddingTop={1} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {log.map((access) => (
              <Typography key={access.id} tag="li" variant="pi" textColor={access.outcome === 'read' ? 'neutral700' : 'danger600'}>
                {formatTime(access.accessedAt)}: {t(`partnerships-cms.embargo-links.outcome.${access.outcome}`)}
              </Typography>
            ))}
          </Box>
        ) : null}
      </Flex>
    </Box>
  );
}

function LinksPanelContent({ documentId, canManage }: { documentId?: string; canManage: boolean }) {
  const { t } = useT();
  const { get } = useFetchClient();
  const [{ query }] = useQueryParams<{ plugins?: { i18n?: { locale?: string } } }>();
  const locale = query.plugins?.i18n?.locale ?? DEFAULT_LOCALE;
  const [links, setLinks] = React.useState<Link[] | null>(null);
  const [failed, setFailed] = React.useState(false);

  // Bumped after a change (a link made or revoked): the list is read again.
  const [version, setVersion] = React.useState(0);
  const reload = React.useCallback(() => setVersion((current) => current + 1), []);

  React.useEffect(() => {
    if (!documentId) return undefined;
    let active = true;
    get<{ data: Link[] }>(`/embargo-links/links?documentId=${encodeURIComponent(documentId)}&locale=${encodeURIComponent(locale)}`).then(
      ({ data }) => {
        if (!active) return;
        setLinks(data.data);
        setFailed(false);
      },
      () => active && setFailed(true)
    );
    return () => {
      active = false;
    };
  }, [documentId, locale, get, version]);

  if (!documentId) return <Typography variant="pi">{t('partnerships-cms.embargo-links.saveFirst')}</Typography>;
  return (
    <Flex direction="column" alignItems="stretch" gap={3} width="100%">
      <Typography variant="pi" textColor="neutral600">
        {t('partnerships-cms.embargo-links.intro')}
      </Typography>
      {failed ? (
        <Typography variant="pi" textColor="danger600" role="alert">
          {t('partnerships-cms.embargo-links.loadFailed')}
        </Typography>
      ) : null}
      {links && links.length === 0 ? <Typography variant="pi">{t('partnerships-cms.embargo-links.none')}</Typography> : null}
      {links && links.length > 0 ? (
        <Box tag="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {links.map((link) => (
            <LinkRow key={link.id} link={link} canManage={canManage} onChanged={reload} />
          ))}
        </Box>
      ) : null}
      {canManage ? <NewLinkModal documentId={documentId} locale={locale} onMade={reload} /> : null}
    </Flex>
  );
}

/** Shown on press releases to users who may read links (editors, Super Admins). */
export const EmbargoLinksPanel: PanelComponent = ({ model, documentId }) => {
  const { t } = useT();
  const { allowedActions, isLoading } = useRBAC(EMBARGO_LINK_PERMISSIONS);
  if (model !== PRESS_RELEASE || isLoading || !allowedActions.canRead) return null;
  return { title: t('partnerships-cms.embargo-links.title'), content: <LinksPanelContent documentId={documentId} canManage={allowedActions.canManage} /> };
};
