import * as React from 'react';
import { InputRenderer } from '@strapi/admin/strapi-admin';
import { useIntl } from 'react-intl';
import { enumMessageId } from '../../content-labels';

/**
 * The Content Manager's select for enumeration fields, with each value shown by its label in the
 * admin's language (src/content-labels.ts, ENUM_VALUES) instead of its stored key (`active` reads
 * "Aktivt"). The stored values do not change. Registered with `app.addFields` for `enumeration`.
 */
type Props = { name: string; label: string; type: string; attribute: { enum?: string[] } } & Record<string, unknown>;

export function EnumerationField(props: Props) {
  const { formatMessage } = useIntl();
  const options = (props.attribute.enum ?? []).map((value) => ({ value, label: formatMessage({ id: enumMessageId(value), defaultMessage: value }) }));
  const input = { ...props, type: 'enumeration', options } as unknown as React.ComponentProps<typeof InputRenderer>;
  return <InputRenderer {...input} />;
}

/** An enumeration value in a list view cell, by its label. */
export function EnumerationValue({ value }: { value: unknown }) {
  const { formatMessage } = useIntl();
  return <>{typeof value === 'string' ? formatMessage({ id: enumMessageId(value), defaultMessage: value }) : '-'}</>;
}
