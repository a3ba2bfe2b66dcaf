/** Reads an on/off environment switch, refusing anything but true/false so a typo is not silently ignored. */
export function envSwitch(name: string, fallback: boolean, env: NodeJS.ProcessEnv): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new Error(`${name} must be true or false, not "${env[name]}"`);
}

/** The longest delay Node's timers keep (a longer one fires at once): the `max` of a setting in milliseconds that sets a timer. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A whole-number environment setting from `min` to `max`; unset or empty gives `fallback`,
 * anything else is refused with its name.
 */
export function envInteger(name: string, fallback: number, min: number, env: NodeJS.ProcessEnv, hint = '', max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const number = Number(raw);
  if (!Number.isInteger(number) || number < min) throw new Error(`${name}="${raw}" must be a whole number of ${min} or more${hint ? `: ${hint}` : '.'}`);
  if (number > max) throw new Error(`${name}="${raw}" must be at most ${max}${hint ? `: ${hint}` : '.'}`);
  return number;
}

/** A comma-separated environment setting as its trimmed, non-empty entries. */
export const envList = (name: string, env: NodeJS.ProcessEnv): string[] =>
  (env[name] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
