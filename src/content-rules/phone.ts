/**
 * Normalises a phone number: Danish numbers (8 digits, optionally with +45 or 0045) become
 * "+45 33 73 33 26"; international numbers starting with + are kept as written.
 * Returns why instead of a number when the input is not a phone number: `characters` (other
 * characters than a phone number has) or `notANumber` (the message is the caller's, in the
 * editor's language: src/content-rules/editor-messages.ts).
 */
export type PhoneProblem = 'characters' | 'notANumber';

export function normalizePhone(input: string): { value: string } | { error: PhoneProblem } {
  const written = input.trim().replace(/\s+/g, ' ');
  if (written === '') return { value: '' };
  if (!/^\+?[\d\s().-]+$/.test(written)) {
    return { error: 'characters' };
  }
  const digits = written.replace(/\D/g, '');
  let national: string | null = null;
  if (!written.startsWith('+') && digits.length === 8) national = digits;
  else if (written.startsWith('+45') && digits.length === 10) national = digits.slice(2);
  else if (digits.startsWith('0045') && digits.length === 12) national = digits.slice(4);
  if (national) return { value: `+45 ${national.match(/\d\d/g)!.join(' ')}` };
  if (written.startsWith('+') && digits.length >= 7 && digits.length <= 15) return { value: written };
  return { error: 'notANumber' };
}
