/** Trimmed text, or null for anything else (empty text too). */
export const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);

/** A date from a stored value (ISO text, a Date, epoch milliseconds), or null when it is none. */
export const dateOf = (value: unknown): Date | null => {
  if (typeof value !== 'string' && !(value instanceof Date) && typeof value !== 'number') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
};
