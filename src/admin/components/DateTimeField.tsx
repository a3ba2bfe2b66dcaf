import * as React from 'react';
import { DatePicker, Field, Flex, Box, TimePicker, useComposedRefs } from '@strapi/design-system';
import { useField, useFocusInputField } from '@strapi/admin/strapi-admin';
import { useIntl } from 'react-intl';

/**
 * The Content Manager's date-time input, as Strapi's, but with times that keep their minutes in
 * every admin language. Strapi's DateTimePicker (design system 2.x) reads the time picker's text
 * by splitting it at ":", while the picker writes it in the admin language's own format: Danish
 * writes `23.45`, so `23.45` became 23 o'clock and the minutes were lost. This field puts the
 * design system's DatePicker and TimePicker together itself and reads the time with any
 * separator. Times are the browser's local time, as in Strapi's own field; the stored value is
 * UTC ISO.
 */
export type DateTimeFieldProps = {
  name: string;
  label: string;
  hint?: React.ReactNode;
  labelAction?: React.ReactNode;
  required?: boolean;
  disabled?: boolean;
  placeholder?: string;
};

const MAX_DATE = new Date(2099, 11, 31);

/**
 * Hours and minutes of a time picker's text in any locale's format (`23.45`, `23:45`, `9.05`);
 * `24:05`, which some engines write for 00:05 in English, is 00:05.
 */
export function parseTime(text: string | undefined): { hour: number; minute: number } | null {
  const match = /^\s*(\d{1,2})\D(\d{1,2})\s*$/.exec(text ?? '');
  if (!match) return null;
  const hour = Number(match[1]) % 24;
  const minute = Number(match[2]);
  return Number(match[1]) <= 24 && minute <= 59 ? { hour, minute } : null;
}

/**
 * The date picker shows the calendar day of its value in UTC (Strapi's own date-time input gives
 * it a UTC copy too): the local day as that UTC midnight, or 00.30 on 6 March in Copenhagen
 * (23.30 UTC on the 5th) would show the 5th.
 */
const asCalendarDay = (local: Date) => new Date(Date.UTC(local.getFullYear(), local.getMonth(), local.getDate()));

const atTime = (day: Date, hour: number, minute: number) => new Date(day.getFullYear(), day.getMonth(), day.getDate(), hour, minute, 0, 0);

export const DateTimeField = React.forwardRef<HTMLInputElement, DateTimeFieldProps>(({ name, label, hint, labelAction, required, disabled }, ref) => {
  const { formatMessage, locale } = useIntl();
  const field = useField<string | null>(name);
  const fieldRef = useFocusInputField<HTMLInputElement>(name);
  const composedRefs = useComposedRefs(ref, fieldRef);
  const value = field.value ? new Date(field.value) : null;
  const valid = value && !Number.isNaN(value.getTime()) ? value : null;
  // The same format as the time picker's own list of times, so the picked one is marked.
  const timeFormat = React.useMemo(() => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hour12: false }), [locale]);
  const time = valid ? timeFormat.format(valid) : '';
  // The locale's separator (`.` in Danish): a time typed with another one (`23:45`) is rewritten
  // as it is typed, since the time picker reads its text at its own separator only.
  const separator = React.useMemo(() => timeFormat.formatToParts(new Date(2000, 0, 1, 12, 0)).find((part) => part.type === 'literal')?.value ?? ':', [timeFormat]);
  const normaliseTyped = (event: React.FormEvent<HTMLDivElement>) => {
    const input = event.target as HTMLInputElement;
    if (input.tagName !== 'INPUT') return;
    const normal = input.value.replace(/^(\d{1,2})[:.,](?=\d{0,2}$)/, `$1${separator}`);
    if (normal !== input.value) input.value = normal;
  };
  const change = (next: Date | null) => field.onChange(name, next ? next.toISOString() : null);
  const clear = formatMessage({ id: 'clearLabel', defaultMessage: 'Clear' });

  return (
    <Field.Root error={field.error} name={name} hint={hint} required={required}>
      <Field.Label action={labelAction}>{label}</Field.Label>
      <Flex role="group" aria-label={label} gap={1} wrap="wrap" alignItems="flex-start">
        <Box flex="1">
          <DatePicker
            ref={composedRefs}
            aria-label={formatMessage({ id: 'partnerships-cms.date-time.date', defaultMessage: 'Choose date' })}
            value={valid ? asCalendarDay(valid) : undefined}
            maxDate={MAX_DATE}
            disabled={disabled}
            clearLabel={`${clear}`}
            onClear={() => change(null)}
            onChange={(day: Date | undefined) => {
              if (!day) return change(null);
              change(atTime(day, valid?.getHours() ?? 0, valid?.getMinutes() ?? 0));
            }}
          />
        </Box>
        <Box flex="1" onChangeCapture={normaliseTyped}>
          <TimePicker
            aria-label={formatMessage({ id: 'partnerships-cms.date-time.time', defaultMessage: 'Choose time' })}
            value={time}
            disabled={disabled}
            required={required}
            clearLabel={`${clear}`}
            onClear={valid ? () => change(atTime(valid, 0, 0)) : undefined}
            onChange={(text: string | undefined) => {
              const parsed = parseTime(text);
              if (!parsed) return;
              change(atTime(valid ?? new Date(), parsed.hour, parsed.minute));
            }}
          />
        </Box>
      </Flex>
      <Field.Hint />
      <Field.Error />
    </Field.Root>
  );
});
