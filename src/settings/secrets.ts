/**
 * The secrets Strapi needs, and the placeholder values `.env.example` ships with.
 * `scripts/ensure-env.js` generates the same variables for development; keep the two lists in step
 * (a unit test compares them).
 */
export const REQUIRED_SECRETS = ['APP_KEYS', 'API_TOKEN_SALT', 'ADMIN_JWT_SECRET', 'TRANSFER_TOKEN_SALT', 'JWT_SECRET', 'ENCRYPTION_KEY'] as const;

/** Every placeholder in `.env.example` contains this marker, so a copied example file is recognised. */
export const PLACEHOLDER_MARKER = 'change-me';

/**
 * Placeholders found anywhere in a value, in any letter case: this repository's marker, Strapi's
 * project template (`APP_KEYS="toBeModified1,toBeModified2"`, `tobemodified` for the others) and
 * the usual "replace me" wording. None of them occurs in a random value by chance.
 */
const PLACEHOLDER_PARTS = [PLACEHOLDER_MARKER, 'changeme', 'tobemodified', 'replaceme', 'replace-me', 'your-secret', 'yoursecret'];

/**
 * Whole values that Strapi's documentation and examples show (`APP_KEYS=mySecretKey1,mySecretKey2`,
 * `strapiAppKey1`, `randomJwtSecret` …), in any letter case and with or without a number after them.
 */
const PLACEHOLDER_VALUES =
  /^(?:my-?secret-?key|my-?key|some-?secret-?key|strapi-?app-?key|random-?(?:salt|admin-?secret|transfer-?secret|jwt-?secret)|example-?(?:salt|secret|token)|default-?secret)[a-z]?\d*$/i;

/** The least entropy a secret must carry, in bytes (128 bits). */
export const MIN_SECRET_BYTES = 16;
/** A value that is not hex or base64 text needs at least this many characters. */
export const MIN_SECRET_CHARACTERS = 24;
/** A secret with fewer different characters than this is a pattern, not a random value. */
const MIN_DISTINCT_CHARACTERS = 8;

export type SecretReason = 'missing' | 'placeholder' | 'too-short' | 'repetitive';
/** A refused secret; `key` is the position (from 1) of the refused key in APP_KEYS. */
export type SecretProblem = { name: string; reason: SecretReason; key?: number };

/**
 * How many bytes of entropy a secret's text can hold at most: hex text (only 0-9 a-f, an even
 * number of them) 4 bits a character, base64 or base64url text (A-Z a-z 0-9 + / - _, optionally
 * `=`-padded) 6 bits a character; any other text is judged by its length in characters instead,
 * and null is returned.
 */
export function secretBytes(value: string): number | null {
  if (/^(?:[0-9a-f]{2})+$/i.test(value)) return value.length / 2;
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return Math.floor((value.replace(/=+$/, '').length * 6) / 8);
  return null;
}

/** Why one secret value (one APP_KEYS key) is refused, or null when it is acceptable. */
export function weakSecretReason(raw: string | undefined): SecretReason | null {
  const value = raw?.trim() ?? '';
  if (!value) return 'missing';
  const lower = value.toLowerCase();
  if (PLACEHOLDER_PARTS.some((part) => lower.includes(part)) || PLACEHOLDER_VALUES.test(value)) return 'placeholder';
  const bytes = secretBytes(value);
  if (bytes === null ? value.length < MIN_SECRET_CHARACTERS : bytes < MIN_SECRET_BYTES) return 'too-short';
  // `aaaa…`, `abab…`, `secretsecret…`: long enough, but a pattern anybody can guess.
  if (new Set(value).size < MIN_DISTINCT_CHARACTERS || /^(.+?)\1+$/s.test(value)) return 'repetitive';
  return null;
}

/** The keys of APP_KEYS as Strapi's `env.array` reads them: comma-separated, trimmed, quotes and brackets removed. */
function appKeys(value: string): string[] {
  return value
    .replace(/^\[(.*)\]$/s, '$1')
    .split(',')
    .map((key) =>
      key
        .trim()
        .replace(/^"+|"+$/g, '')
        .trim()
    );
}

export function findSecretProblems(env: NodeJS.ProcessEnv): SecretProblem[] {
  const problems: SecretProblem[] = [];
  for (const name of REQUIRED_SECRETS) {
    const value = env[name]?.trim();
    if (!value) {
      problems.push({ name, reason: 'missing' });
    } else if (name === 'APP_KEYS') {
      appKeys(value).forEach((key, index) => {
        const reason = weakSecretReason(key);
        if (reason) problems.push({ name, reason, key: index + 1 });
      });
    } else {
      const reason = weakSecretReason(value);
      if (reason) problems.push({ name, reason });
    }
  }
  return problems;
}

const EXPLANATIONS: Record<SecretReason, string> = {
  missing: 'not set',
  placeholder: 'is a known placeholder (from .env.example or a Strapi template or example)',
  'too-short': `is too short: it needs ${MIN_SECRET_BYTES} random bytes (hex or base64 text) or ${MIN_SECRET_CHARACTERS} characters`,
  repetitive: 'is a repeated pattern, not a random value',
};

/**
 * In production, refuse to start without strong secrets: a missing secret breaks logins later,
 * and a placeholder or short one lets anybody who guesses it forge admin and user tokens.
 * The values themselves are never printed.
 */
export function assertProductionSecrets(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV !== 'production') return;
  const problems = findSecretProblems(env);
  if (problems.length === 0) return;
  const lines = problems.map((p) => {
    const subject = p.key ? `${p.name} (key ${p.key})` : p.name;
    return `  - ${subject}: ${EXPLANATIONS[p.reason]}`;
  });
  throw new Error(
    `Refusing to start in production: these secrets must be set to freshly generated random values:\n${lines.join('\n')}\n` +
      "Generate each with: node -e \"console.log(require('crypto').randomBytes(32).toString('base64'))\" " +
      '(APP_KEYS takes four, comma-separated).'
  );
}
