/**
 * The wait before the next attempt after `attempts` failed ones: `initialMs`, doubled after each
 * failure, at most `maxMs`, spread by ±25 % so that the deliveries of a receiver that was down do
 * not all come back at the same moment.
 */
export function backoffMs(attempts: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  const base = Math.min(maxMs, initialMs * 2 ** Math.max(0, Math.min(attempts - 1, 40)));
  return Math.max(1, Math.round(base * (0.75 + random() * 0.5)));
}
