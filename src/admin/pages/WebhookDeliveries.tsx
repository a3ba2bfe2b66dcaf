import * as React from 'react';
import { Layouts, Page, useFetchClient, useNotification, useRBAC } from '@strapi/admin/strapi-admin';
import { Badge, Box, Button, Flex, Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { WEBHOOK_MESSAGES, WEBHOOK_PERMISSIONS } from './webhook-messages';
import type { Delivery as StoredDelivery, DeliveryStatus } from '../../../plugins/change-events/server/src/outbox/store';

/** The admin's view of the change-events plugin's delivery log (plugins/change-events, GET /change-events/…). */

type Status = DeliveryStatus;
type Endpoint = {
  name: string;
  kind: string;
  url: string;
  events: string[] | 'all';
  contentTypes: string[] | 'all';
  counts: Record<Status, number>;
  lastDeliveredAt: number | null;
};
/** A delivery as the admin API sends it: the stored row, its event parsed. */
type Delivery = Omit<StoredDelivery, 'payload'> & {
  payload: { data?: { contentType?: { graphqlType?: string | null }; locales?: Array<{ locale: string | null; slug: string | null; previousSlug: string | null }> } };
};

const PAGE_SIZE = 50;
const REFRESH_MS = 5000;
const STATUS_VARIANT: Record<Status, 'secondary' | 'success' | 'danger'> = { pending: 'secondary', delivered: 'success', failed: 'danger' };
const REPLAY = [{ action: 'plugin::change-events.deliveries.replay', subject: null }];

type MessageId = keyof (typeof WEBHOOK_MESSAGES)['en'];

/** A titled table of the log, or a line saying it is empty. */
function LogSection({ title, empty, headers, count, actions, children }: { title: string; empty: string; headers: string[]; count: number; actions?: React.ReactNode; children: React.ReactNode }) {
  return (
    <Box>
      <Flex justifyContent="space-between" alignItems="center">
        <Typography variant="delta" tag="h2">
          {title}
        </Typography>
        {actions}
      </Flex>
      {count === 0 ? (
        <Box paddingTop={2}>
          <Typography>{empty}</Typography>
        </Box>
      ) : (
        <Box paddingTop={3}>
          <Table colCount={headers.length} rowCount={count + 1}>
            <Thead>
              <Tr>
                {headers.map((header, index) => (
                  <Th key={index}>{header}</Th>
                ))}
              </Tr>
            </Thead>
            <Tbody>{children}</Tbody>
          </Table>
        </Box>
      )}
    </Box>
  );
}

export default function WebhookDeliveries() {
  const { formatMessage, formatDate, formatTime } = useIntl();
  const t = (id: MessageId, values?: Record<string, string | number>) => formatMessage({ id, defaultMessage: WEBHOOK_MESSAGES.en[id] }, values);
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC({ replay: REPLAY });
  const [status, setStatus] = React.useState<Status | 'all'>('all');
  const [endpoints, setEndpoints] = React.useState<Endpoint[] | null>(null);
  const [deliveries, setDeliveries] = React.useState<Delivery[]>([]);
  const [more, setMore] = React.useState(false);
  /** Whether more than the first page is shown: the periodic refresh then leaves the list alone. */
  const paged = React.useRef(false);

  const when = (at: number | null) =>
    at === null ? '–' : `${formatDate(at, { day: 'numeric', month: 'short', year: 'numeric' })} ${formatTime(at, { hour: '2-digit', minute: '2-digit', second: '2-digit' })}`;

  const load = React.useCallback(
    async (before?: number) => {
      const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
      if (status !== 'all') query.set('status', status);
      if (before) query.set('before', String(before));
      const [listed, logged] = await Promise.all([get<{ data: Endpoint[] }>('/change-events/endpoints'), get<{ data: Delivery[] }>(`/change-events/deliveries?${query}`)]);
      setEndpoints(listed.data.data);
      paged.current = Boolean(before);
      setDeliveries((shown) => (before ? [...shown, ...logged.data.data] : logged.data.data));
      setMore(logged.data.data.length === PAGE_SIZE);
    },
    [get, status]
  );

  React.useEffect(() => {
    let active = true;
    const refresh = () => load().catch(() => active && toggleNotification({ type: 'danger', message: t('partnerships-cms.webhooks.loadFailed') }));
    refresh();
    // The log moves on its own (retries, other instances): kept current while the page is open.
    const timer = window.setInterval(() => paged.current || load().catch(() => undefined), REFRESH_MS);
    return () => {
      active = false;
      window.clearInterval(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- t and toggleNotification are new each render
  }, [load]);

  const replay = async (route: string) => {
    const { data } = await post<{ data: { replayed: number } }>(route, {});
    toggleNotification({ type: 'success', message: t('partnerships-cms.webhooks.replayed', { count: data.data.replayed }) });
    await load();
  };

  /** The document of a delivery: its type and slugs per locale, its id below. */
  const document = (delivery: Delivery) => {
    const type = delivery.payload.data?.contentType?.graphqlType ?? delivery.contentType;
    const locales = (delivery.payload.data?.locales ?? []).map((entry) => [entry.slug ?? entry.previousSlug, entry.locale && `(${entry.locale})`].filter(Boolean).join(' ')).join(', ');
    return (
      <Flex direction="column" alignItems="flex-start">
        <Typography>{[type, locales].filter(Boolean).join(' · ')}</Typography>
        <Typography variant="pi" textColor="neutral600">
          {delivery.documentId}
        </Typography>
      </Flex>
    );
  };

  /** What an endpoint receives: its events and content types, or all. */
  const receives = (endpoint: Endpoint) =>
    [
      endpoint.events === 'all' ? t('partnerships-cms.webhooks.allEvents') : endpoint.events.map((type) => t(`partnerships-cms.webhooks.event.${type}` as MessageId)).join(', '),
      endpoint.contentTypes === 'all' ? t('partnerships-cms.webhooks.allTypes') : endpoint.contentTypes.map((uid) => uid.replace(/^api::[\w-]+\./, '')).join(', '),
    ].join(' · ');

  if (endpoints === null) return <Page.Loading />;
  return (
    <Page.Main>
      <Page.Title>{t('partnerships-cms.webhooks.title')}</Page.Title>
      <Layouts.Header title={t('partnerships-cms.webhooks.title')} subtitle={t('partnerships-cms.webhooks.subtitle')} />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          <LogSection
            title={t('partnerships-cms.webhooks.endpoints')}
            empty={t('partnerships-cms.webhooks.none')}
            headers={[
              t('partnerships-cms.webhooks.name'),
              t('partnerships-cms.webhooks.address'),
              t('partnerships-cms.webhooks.filters'),
              t('partnerships-cms.webhooks.status'),
              t('partnerships-cms.webhooks.lastDelivered'),
              ' ',
            ]}
            count={endpoints.length}
          >
            {endpoints.map((endpoint) => (
              <Tr key={endpoint.name}>
                <Td>
                  <Typography fontWeight="bold">{endpoint.name}</Typography>
                </Td>
                <Td>
                  <Typography>{endpoint.url}</Typography>
                </Td>
                <Td>
                  <Typography>{receives(endpoint)}</Typography>
                </Td>
                <Td>
                  <Flex gap={1}>
                    {(['pending', 'delivered', 'failed'] as const).map((key) => (
                      <Badge key={key} variant={STATUS_VARIANT[key]}>
                        {`${t(`partnerships-cms.webhooks.status.${key}`)} ${endpoint.counts[key]}`}
                      </Badge>
                    ))}
                  </Flex>
                </Td>
                <Td>
                  <Typography>{when(endpoint.lastDeliveredAt)}</Typography>
                </Td>
                <Td>
                  {allowedActions.canReplay && endpoint.counts.failed > 0 ? (
                    <Button variant="secondary" size="S" onClick={() => replay(`/change-events/endpoints/${encodeURIComponent(endpoint.name)}/replay`)}>
                      {t('partnerships-cms.webhooks.replayFailed', { count: endpoint.counts.failed })}
                    </Button>
                  ) : null}
                </Td>
              </Tr>
            ))}
          </LogSection>
          <LogSection
            title={t('partnerships-cms.webhooks.deliveries')}
            empty={t('partnerships-cms.webhooks.empty')}
            headers={[
              t('partnerships-cms.webhooks.time'),
              t('partnerships-cms.webhooks.name'),
              t('partnerships-cms.webhooks.event'),
              t('partnerships-cms.webhooks.document'),
              t('partnerships-cms.webhooks.status'),
              t('partnerships-cms.webhooks.answer'),
              ' ',
            ]}
            count={deliveries.length}
            actions={
              <Flex gap={1} role="group" aria-label={t('partnerships-cms.webhooks.status')}>
                {(['all', 'pending', 'delivered', 'failed'] as const).map((key) => (
                  <Button key={key} size="S" variant={status === key ? 'secondary' : 'tertiary'} aria-pressed={status === key} onClick={() => setStatus(key)}>
                    {t(`partnerships-cms.webhooks.status.${key}`)}
                  </Button>
                ))}
              </Flex>
            }
          >
            {deliveries.map((delivery) => (
              <Tr key={delivery.id}>
                <Td>
                  <Typography>{when(delivery.createdAt)}</Typography>
                </Td>
                <Td>
                  <Typography>{delivery.endpoint}</Typography>
                </Td>
                <Td>
                  <Typography>{t(`partnerships-cms.webhooks.event.${delivery.eventType}` as MessageId)}</Typography>
                </Td>
                <Td>{document(delivery)}</Td>
                <Td>
                  <Badge
                    variant={STATUS_VARIANT[delivery.status]}
                  >{`${t(`partnerships-cms.webhooks.status.${delivery.status}`)} · ${t('partnerships-cms.webhooks.attempts')} ${delivery.attempts}`}</Badge>
                </Td>
                <Td>
                  <Typography>
                    {[
                      delivery.lastStatus ? `HTTP ${delivery.lastStatus}` : null,
                      delivery.lastError,
                      delivery.status === 'pending' && delivery.attempts > 0 ? t('partnerships-cms.webhooks.nextAttempt', { time: when(delivery.nextAttemptAt) }) : null,
                    ]
                      .filter(Boolean)
                      .join(' · ') || '–'}
                  </Typography>
                </Td>
                <Td>
                  {allowedActions.canReplay && delivery.status === 'failed' ? (
                    <Button variant="secondary" size="S" onClick={() => replay(`/change-events/deliveries/${delivery.id}/replay`)}>
                      {t('partnerships-cms.webhooks.replay')}
                    </Button>
                  ) : null}
                </Td>
              </Tr>
            ))}
          </LogSection>
          {more ? (
            <Box>
              <Button variant="tertiary" onClick={() => load(deliveries[deliveries.length - 1]?.id)}>
                {t('partnerships-cms.webhooks.more')}
              </Button>
            </Box>
          ) : null}
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
}

/** The page behind the read permission (the settings link is hidden without it too). */
export function ProtectedWebhookDeliveries() {
  return (
    <Page.Protect permissions={WEBHOOK_PERMISSIONS}>
      <WebhookDeliveries />
    </Page.Protect>
  );
}
