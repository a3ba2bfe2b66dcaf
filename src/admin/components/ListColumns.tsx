import * as React from 'react';
import { Box, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { EnumerationValue } from './EnumerationField';

/**
 * List view columns that fit: Strapi appends the document's status as the last column, after the
 * i18n plugin's "available in" column, so with four fields, a full Danish date ("fredag den 4.
 * december 2026 kl. 16.55") and the locale names the status was pushed out of view at 1440 px.
 * Dates and times are written short ("4. dec. 2026 16.55") and the locale names cut to one
 * line; the locale menu itself stays as it is. Enumeration values show by their labels.
 */
type Row = Record<string, unknown>;
type Header = { name: string; attribute?: { type?: string }; cellFormatter?: (row: Row, header: Header, meta: unknown) => React.ReactNode };
type Columns = { displayedHeaders: Header[]; layout: unknown };

function ShortDateTime({ value }: { value: unknown }) {
  const { formatDate } = useIntl();
  if (typeof value !== 'string' && !(value instanceof Date)) return <Typography textColor="neutral800">-</Typography>;
  return (
    <Typography textColor="neutral800" style={{ whiteSpace: 'nowrap' }}>
      {formatDate(value, { dateStyle: 'medium', timeStyle: 'short' })}
    </Typography>
  );
}

/** For the Content Manager's `Admin/CM/pages/ListView/inject-column-in-table` hook (it runs after i18n's). */
export function compactListColumns({ displayedHeaders, layout }: Columns): Columns {
  return {
    layout,
    displayedHeaders: displayedHeaders.map((header) => {
      if (header.attribute?.type === 'datetime' && !header.cellFormatter) {
        return { ...header, cellFormatter: (row: Row) => <ShortDateTime value={row[header.name]} /> };
      }
      if (header.attribute?.type === 'enumeration' && !header.cellFormatter) {
        return {
          ...header,
          cellFormatter: (row: Row) => (
            <Typography textColor="neutral800">
              <EnumerationValue value={row[header.name]} />
            </Typography>
          ),
        };
      }
      const original = header.cellFormatter;
      if (header.name === 'locales' && original) {
        return {
          ...header,
          cellFormatter: (row: Row, self: Header, meta: unknown) => (
            <Box maxWidth="16rem" overflow="hidden">
              {original(row, self, meta)}
            </Box>
          ),
        };
      }
      return header;
    }),
  };
}
