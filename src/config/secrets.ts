/**
 * The secrets Strapi needs, and the placeholder values `.env.example` ships with.
 * `scripts/ensure-env.js` generates the same variables for development; keep the two lists in step
 * (a unit test compares them).
 */
export const REQUIRED_SECRETS = [
  'APP_KEYS',
  'API_TOKEN_SALT',
  'ADMIN_JWT_SECRET',
  'TRANSFER_TOKEN_SALT',
  'JWT_SECRET',
  'ENCRYPTION_KEY',
] as const;

/** Every placeholder in `.env.example` contains this marker, so a copied example file is recognised. */
export const PLACEHOLDER_MARKER = 'change-me';

export type SecretProblem = { name: string; reason: 'missing' | 'placeholder' };

export function findSecretProblems(env: NodeJS.ProcessEnv): SecretProblem[] {
  const problems: SecretProblem[] = [];
  for (const name of REQUIRED_SECRETS) {
    const value = env[name]?.trim();
    if (!value) problems.push({ name, reason: 'missing' });
    else if (value.includes(PLACEHOLDER_MARKER)) problems.push({ name, reason: 'placeholder' });
  }
  return problems;
}

/**
 * In production, refuse to start without real secrets: a missing secret breaks logins later,
 * and a placeholder one lets anybody who read `.env.example` forge admin tokens.
 */
export function assertProductionSecrets(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV !== 'production') return;
  const problems = findSecretProblems(env);
  if (problems.length === 0) return;
  const lines = problems.map(
    (p) => `  - ${p.name}: ${p.reason === 'missing' ? 'not set' : 'still holds the .env.example placeholder'}`
  );
  throw new Error(
    `Refusing to start in production: these secrets must be set to freshly generated values:\n${lines.join('\n')}\n` +
      'Generate each with: node -e "console.log(require(\'crypto\').randomBytes(32).toString(\'base64\'))" ' +
      '(APP_KEYS takes four, comma-separated).'
  );
}
