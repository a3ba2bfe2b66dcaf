/** Reads an on/off environment switch, refusing anything but true/false so a typo is not silently ignored. */
export function envSwitch(name: string, fallback: boolean, env: NodeJS.ProcessEnv): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new Error(`${name} must be true or false, not "${env[name]}"`);
}

/** A whole-number environment setting of at least `min`; unset or empty gives `fallback`, anything else is refused with its name. */
export function envInteger(name: string, fallback: number, min: number, env: NodeJS.ProcessEnv, hint = ''): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const number = Number(raw);
  if (!Number.isInteger(number) || number < min) throw new Error(`${name}="${raw}" must be a whole number of ${min} or more${hint ? `: ${hint}` : '.'}`);
  return number;
}

/** A comma-separated environment setting as its trimmed, non-empty entries. */
export const envList = (name: string, env: NodeJS.ProcessEnv): string[] =>
  (env[name] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
