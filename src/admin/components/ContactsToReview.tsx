import * as React from 'react';
import { useFetchClient } from '@strapi/admin/strapi-admin';
import { Badge, Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { Link } from 'react-router-dom';
import { CONTACT_REVIEW_MESSAGES } from './contact-review-messages';

/**
 * The admin home page's widget "Kontaktpersoner til gennemgang": contacts without a review date
 * (hidden: they cannot be shown publicly without one), those whose review date has passed (the
 * daily review has hidden them) and those due within 30 days, soonest first, each linked to its
 * edit view. Read through the Content Manager's own API, so it shows
 * what the signed-in user may read.
 */

type MessageId = keyof (typeof CONTACT_REVIEW_MESSAGES)['en'];
type Row = { documentId: string; name: string; reviewDate: string | null; locale: string };

const CONTACT = 'api::contact.contact';
const SOON_DAYS = 30;
/** A calendar day in Copenhagen, as date fields store it. */
const copenhagenDay = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);

export function ContactsToReview() {
  const { formatMessage, formatDate } = useIntl();
  const t = (id: MessageId, values?: Record<string, string>) => formatMessage({ id, defaultMessage: CONTACT_REVIEW_MESSAGES.en[id] }, values);
  const { get } = useFetchClient();
  const [rows, setRows] = React.useState<Row[] | null>(null);
  const [failed, setFailed] = React.useState(false);
  const today = copenhagenDay(new Date());

  React.useEffect(() => {
    let active = true;
    const until = copenhagenDay(new Date(Date.now() + SOON_DAYS * 24 * 60 * 60 * 1000));
    // Without a review date first (contacts from before the date was asked for), then the soonest.
    const query = new URLSearchParams({
      page: '1',
      pageSize: '10',
      sort: 'reviewDate:ASC',
      'filters[$or][0][reviewDate][$null]': 'true',
      'filters[$or][1][reviewDate][$lte]': until,
    });
    get<{ results: Row[] }>(`/content-manager/collection-types/${CONTACT}?${query}`).then(
      ({ data }) => active && setRows(data.results),
      () => active && setFailed(true)
    );
    return () => {
      active = false;
    };
  }, [get]);

  if (failed) return <Typography textColor="danger600">{t('partnerships-cms.contact-review.loadFailed')}</Typography>;
  if (!rows) return null;
  if (rows.length === 0) return <Typography textColor="neutral600">{t('partnerships-cms.contact-review.none')}</Typography>;
  return (
    <Box tag="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {rows.map((row) => {
        const state = !row.reviewDate ? 'missing' : row.reviewDate < today ? 'overdue' : 'soon';
        const date = row.reviewDate ? formatDate(`${row.reviewDate}T12:00:00Z`, { dateStyle: 'long', timeZone: 'UTC' }) : '';
        return (
          <Box tag="li" key={row.documentId} paddingTop={2} paddingBottom={2}>
            <Flex justifyContent="space-between" gap={2}>
              <Flex direction="column" alignItems="flex-start">
                <Link to={`/content-manager/collection-types/${CONTACT}/${row.documentId}?plugins[i18n][locale]=${row.locale}`}>
                  <Typography fontWeight="bold" textColor="primary600">
                    {row.name}
                  </Typography>
                </Link>
                <Typography variant="pi" textColor="neutral600">
                  {t(`partnerships-cms.contact-review.${state}`, { date })}
                </Typography>
              </Flex>
              <Badge variant={state === 'soon' ? 'warning' : 'danger'}>{t(`partnerships-cms.contact-review.${state}Badge`)}</Badge>
            </Flex>
          </Box>
        );
      })}
    </Box>
  );
}
