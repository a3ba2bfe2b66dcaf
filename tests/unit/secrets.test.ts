import crypto from 'crypto';
import { assertProductionSecrets, findSecretProblems, REQUIRED_SECRETS } from '../../src/settings/secrets';
import { baseEnv } from '../helpers/strapi';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ensureEnv = require('../../scripts/ensure-env.js') as { freshSecrets(): Record<string, string> };

/** Fresh secrets for every variable, with `overrides` in place of some. */
const secrets = (overrides: Record<string, string> = {}): NodeJS.ProcessEnv => ({ ...ensureEnv.freshSecrets(), ...overrides });
/** The problems reported for JWT_SECRET alone when it holds `value`. */
const jwtProblems = (value: string) => findSecretProblems(secrets({ JWT_SECRET: value }));
const reasonFor = (value: string) => jwtProblems(value).map((problem) => problem.reason);

describe('the production secret rule', () => {
  test('freshly generated secrets pass: ensure-env, the tests, and the documented command', () => {
    for (let i = 0; i < 20; i += 1) expect(findSecretProblems(ensureEnv.freshSecrets())).toEqual([]);
    expect(findSecretProblems(baseEnv())).toEqual([]);
    expect(reasonFor(crypto.randomBytes(32).toString('base64'))).toEqual([]);
  });

  test('placeholders are refused in any letter case: .env.example, Strapi templates and docs', () => {
    for (const value of [
      'change-me',
      'CHANGE-ME',
      'Change-Me-jwt-secret-please-use-a-long-one',
      'tobemodified',
      'TOBEMODIFIED',
      'toBeModified1',
      'mySecretKey1',
      'MYSECRETKEY2',
      'randomJwtSecret',
      'changeme',
      'ReplaceMe-with-a-real-secret-value',
      'tobemodified-tobemodified-tobemodified',
    ]) {
      expect({ value, reasons: reasonFor(value) }).toEqual({ value, reasons: ['placeholder'] });
    }
  });

  test("every key of APP_KEYS is checked on its own: Strapi's toBeModified1,toBeModified2 and a weak fourth key", () => {
    expect(findSecretProblems(secrets({ APP_KEYS: 'toBeModified1,toBeModified2' }))).toEqual([
      { name: 'APP_KEYS', reason: 'placeholder', key: 1 },
      { name: 'APP_KEYS', reason: 'placeholder', key: 2 },
    ]);
    // As Docker's env files pass it, quotes included.
    expect(findSecretProblems(secrets({ APP_KEYS: '"toBeModified1,toBeModified2"' })).map((p) => p.reason)).toEqual(['placeholder', 'placeholder']);
    const good = () => crypto.randomBytes(24).toString('base64');
    expect(findSecretProblems(secrets({ APP_KEYS: [good(), good(), good(), 'x'].join(',') }))).toEqual([{ name: 'APP_KEYS', reason: 'too-short', key: 4 }]);
    expect(findSecretProblems(secrets({ APP_KEYS: `${good()},` }))).toEqual([{ name: 'APP_KEYS', reason: 'missing', key: 2 }]);
  });

  test('values under 16 bytes of entropy are too short: one character, short base64 or hex, short text', () => {
    for (const value of [
      'x',
      crypto.randomBytes(8).toString('base64'), // 12 characters, 8 bytes
      crypto.randomBytes(15).toString('base64'), // 20 characters, 15 bytes
      crypto.randomBytes(15).toString('base64url'),
      crypto.randomBytes(15).toString('hex'), // 30 characters, 15 bytes
      crypto.randomBytes(12).toString('hex'), // 24 characters yet only 12 bytes
      'Kattegat & Limfjord 202', // 23 characters of text
    ]) {
      expect({ value, reasons: reasonFor(value) }).toEqual({ value, reasons: ['too-short'] });
    }
  });

  test('16 random bytes are enough in hex, base64 (padded or not) or as 24 characters of text', () => {
    const bytes = crypto.randomBytes(16);
    for (const value of [bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url'), 'Kattegat & Limfjord 2025']) {
      expect({ value, reasons: reasonFor(value) }).toEqual({ value, reasons: [] });
    }
  });

  test('long values that are a pattern are refused: one character, or a short unit repeated', () => {
    for (const value of ['a'.repeat(64), '0'.repeat(64), 'ab'.repeat(32), 'secret'.repeat(8), 'Password1!'.repeat(4)]) {
      expect({ value, reasons: reasonFor(value) }).toEqual({ value, reasons: ['repetitive'] });
    }
  });

  test('outside production nothing is checked; in production each weak variable is named with its reason, never its value', () => {
    const weak = secrets({ APP_KEYS: 'toBeModified1,toBeModified2', JWT_SECRET: 'tobemodified', ADMIN_JWT_SECRET: 'CHANGE-ME', API_TOKEN_SALT: 'x', ENCRYPTION_KEY: 'q'.repeat(40) });
    delete weak.TRANSFER_TOKEN_SALT;
    expect(() => assertProductionSecrets({ ...weak, NODE_ENV: 'development' })).not.toThrow();
    let message = '';
    try {
      assertProductionSecrets({ ...weak, NODE_ENV: 'production' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Refusing to start in production/);
    expect(message).toContain('- APP_KEYS (key 1): is a known placeholder');
    expect(message).toContain('- APP_KEYS (key 2): is a known placeholder');
    expect(message).toContain('- JWT_SECRET: is a known placeholder');
    expect(message).toContain('- ADMIN_JWT_SECRET: is a known placeholder');
    expect(message).toContain('- API_TOKEN_SALT: is too short');
    expect(message).toContain('- ENCRYPTION_KEY: is a repeated pattern');
    expect(message).toContain('- TRANSFER_TOKEN_SALT: not set');
    expect(message).not.toMatch(/tobemodified|CHANGE-ME|qqqq/i);
    expect(() => assertProductionSecrets({ ...secrets(), NODE_ENV: 'production' })).not.toThrow();
    expect(REQUIRED_SECRETS).toHaveLength(6);
  });
});
