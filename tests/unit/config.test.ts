import fs from 'fs';
import os from 'os';
import path from 'path';
import { env } from '@strapi/utils';
import serverConfig from '../../config/server';
import { findSecretProblems, PLACEHOLDER_MARKER, REQUIRED_SECRETS } from '../../src/settings/secrets';
import { resolveClient } from '../../config/database';
import { DEFAULT_ALLOWED_TYPES, DENIED_TYPES, uploadAllowedTypes, uploadMaxBytes } from '../../config/uploads';
import { baseEnv, ROOT, runProcess } from '../helpers/strapi';
import { syndicationSettings } from '../../src/settings/syndication';
import syndicationConfig from '../../plugins/syndication/server/src/config';
import { glossaryFile, translationRoutes, translationSettings } from '../../src/settings/translations';
import translationConfig from '../../plugins/translation-workflow/server/src/config';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ensureEnv = require('../../scripts/ensure-env.js') as {
  SECRETS: string[];
  PLACEHOLDER_MARKER: string;
  fillSecrets(text: string): { text: string; filled: string[] };
  parseEnv(text: string): Map<string, string>;
};

const EXAMPLE = fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8');

describe('secrets', () => {
  test('ensure-env generates exactly the secrets the app requires, with the same placeholder marker', () => {
    expect([...ensureEnv.SECRETS].sort()).toEqual([...REQUIRED_SECRETS].sort());
    expect(ensureEnv.PLACEHOLDER_MARKER).toBe(PLACEHOLDER_MARKER);
  });

  test('.env.example documents every secret with a placeholder the production check refuses', () => {
    const example = ensureEnv.parseEnv(EXAMPLE);
    const env = Object.fromEntries(example) as NodeJS.ProcessEnv;
    const problems = findSecretProblems(env);
    expect([...new Set(problems.map((problem) => problem.name))]).toEqual([...REQUIRED_SECRETS]);
    expect(problems.every((problem) => problem.reason === 'placeholder')).toBe(true);
    expect(problems.filter((problem) => problem.name === 'APP_KEYS').map((problem) => problem.key)).toEqual([1, 2, 3, 4]);
  });

  test('filling the example replaces every placeholder with fresh random values and keeps the rest', () => {
    const first = ensureEnv.fillSecrets(EXAMPLE);
    const second = ensureEnv.fillSecrets(EXAMPLE);
    expect(first.filled.sort()).toEqual([...REQUIRED_SECRETS].sort());
    const a = ensureEnv.parseEnv(first.text);
    const b = ensureEnv.parseEnv(second.text);
    expect(findSecretProblems(Object.fromEntries(a) as NodeJS.ProcessEnv)).toEqual([]);
    for (const name of REQUIRED_SECRETS) expect(a.get(name)).not.toBe(b.get(name));
    expect(a.get('APP_KEYS')!.split(',')).toHaveLength(4);
    expect(a.get('DATABASE_CLIENT')).toBe('sqlite');
    expect(a.get('LOCALES')).toBe('da,en,ar,fa,pl,so,tr,uk,ur');
  });

  test('an existing .env keeps its real secrets; only missing or placeholder ones are generated', () => {
    const text = 'APP_KEYS=k1,k2,k3,k4\nJWT_SECRET=CHANGE-ME\nPORT=1400\n';
    const { text: filled, filled: names } = ensureEnv.fillSecrets(text);
    const values = ensureEnv.parseEnv(filled);
    expect(values.get('APP_KEYS')).toBe('k1,k2,k3,k4');
    expect(values.get('PORT')).toBe('1400');
    expect(values.get('JWT_SECRET')!.toLowerCase()).not.toContain('change-me');
    expect(names.sort()).toEqual(['ADMIN_JWT_SECRET', 'API_TOKEN_SALT', 'ENCRYPTION_KEY', 'JWT_SECRET', 'TRANSFER_TOKEN_SALT']);
  });

  test('the script creates .env and the SQLite folder in a fresh clone, and leaves production alone', async () => {
    const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'lpc-clone-'));
    try {
      fs.mkdirSync(path.join(clone, 'scripts'));
      fs.copyFileSync(path.join(ROOT, 'scripts', 'ensure-env.js'), path.join(clone, 'scripts', 'ensure-env.js'));
      fs.copyFileSync(path.join(ROOT, '.env.example'), path.join(clone, '.env.example'));
      const script = path.join(clone, 'scripts', 'ensure-env.js');
      const production = await runProcess([script], { ...baseEnv(), NODE_ENV: 'production' });
      expect(production.code).toBe(0);
      expect(fs.existsSync(path.join(clone, '.env'))).toBe(false);

      const env = { PATH: process.env.PATH };
      const result = await runProcess([script], env);
      expect(result.code).toBe(0);
      expect(result.output).toMatch(/created .env from .env.example with freshly generated secrets/);
      expect(fs.existsSync(path.join(clone, '.tmp'))).toBe(true);
      const created = fs.readFileSync(path.join(clone, '.env'), 'utf8');
      expect(findSecretProblems(Object.fromEntries(ensureEnv.parseEnv(created)) as NodeJS.ProcessEnv)).toEqual([]);
      expect((fs.statSync(path.join(clone, '.env')).mode & 0o777).toString(8)).toBe('600');

      const again = await runProcess([script], env);
      expect(again.output).toBe('');
      expect(fs.readFileSync(path.join(clone, '.env'), 'utf8')).toBe(created);
    } finally {
      fs.rmSync(clone, { recursive: true, force: true });
    }
  });
});

describe('database client', () => {
  const envOf = (vars: Record<string, string>) => {
    const env = ((name: string, fallback?: string) => vars[name] ?? fallback) as unknown as Parameters<typeof resolveClient>[0];
    return env;
  };

  test.each([
    [{}, 'sqlite'],
    [{ DATABASE_CLIENT: 'postgres' }, 'postgres'],
    [{ DATABASE_CLIENT: 'postgresql' }, 'postgres'],
    [{ DATABASE_CLIENT: 'mariadb' }, 'mysql'],
    [{ DATABASE_URL: 'postgres://u:p@db:5432/cms' }, 'postgres'],
    [{ DATABASE_URL: 'mysql://u:p@db:3306/cms' }, 'mysql'],
    [{ DATABASE_CLIENT: 'sqlite', DATABASE_URL: 'postgres://u:p@db/cms' }, 'sqlite'],
  ] as Array<[Record<string, string>, string]>)('%j selects %s', (vars, client) => {
    expect(resolveClient(envOf(vars))).toBe(client);
  });

  test('an unknown client is refused', () => {
    expect(() => resolveClient(envOf({ DATABASE_CLIENT: 'oracle' }))).toThrow(/not supported/);
  });
});

describe('upload settings', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { env } = require('@strapi/utils') as { env: Parameters<typeof uploadAllowedTypes>[0] };
  const withEnv = <T>(values: Record<string, string>, read: () => T): T => {
    const saved = { ...process.env };
    Object.assign(process.env, values);
    try {
      return read();
    } finally {
      process.env = saved;
    }
  };

  test('an empty UPLOAD_ALLOWED_TYPES (as .env.example ships it) means the default list, never "nothing"', () => {
    expect(withEnv({ UPLOAD_ALLOWED_TYPES: '' }, () => uploadAllowedTypes(env))).toEqual(DEFAULT_ALLOWED_TYPES);
    expect(withEnv({ UPLOAD_ALLOWED_TYPES: ' image/png, Application/PDF ' }, () => uploadAllowedTypes(env))).toEqual(['image/png', 'application/pdf']);
    expect(DEFAULT_ALLOWED_TYPES.some((type) => DENIED_TYPES.includes(type))).toBe(false);
  });

  test('UPLOAD_MAX_BYTES defaults to 20 MB', () => {
    expect(withEnv({}, () => (delete process.env.UPLOAD_MAX_BYTES, uploadMaxBytes(env)))).toBe(20 * 1024 * 1024);
    expect(withEnv({ UPLOAD_MAX_BYTES: '1000' }, () => uploadMaxBytes(env))).toBe(1000);
  });
});

describe('the address the server listens on', () => {
  /** config/server.ts's `host` with only `vars` (and fresh secrets) in the environment. */
  const hostWith = (vars: Record<string, string>) => {
    const saved = process.env;
    process.env = { ...baseEnv(), ...vars };
    if (!('HOST' in vars)) delete process.env.HOST;
    try {
      return serverConfig({ env } as Parameters<typeof serverConfig>[0]).host;
    } finally {
      process.env = saved;
    }
  };

  test('outside production, loopback only unless HOST says otherwise: a fresh database lets anybody who reaches the port register the first super admin', () => {
    expect(hostWith({ NODE_ENV: 'development' })).toBe('127.0.0.1');
    expect(hostWith({ NODE_ENV: 'test' })).toBe('127.0.0.1');
    expect(hostWith({ NODE_ENV: '' })).toBe('127.0.0.1');
    expect(hostWith({ NODE_ENV: 'development', HOST: '' })).toBe('127.0.0.1');
    expect(hostWith({ NODE_ENV: 'development', HOST: '0.0.0.0' })).toBe('0.0.0.0');
  });

  test('in production every interface (as containers need) unless HOST says otherwise', () => {
    expect(hostWith({ NODE_ENV: 'production' })).toBe('0.0.0.0');
    expect(hostWith({ NODE_ENV: 'production', HOST: '' })).toBe('0.0.0.0');
    expect(hostWith({ NODE_ENV: 'production', HOST: '127.0.0.1' })).toBe('127.0.0.1');
  });

  test('neither .env.example nor ensure-env sets HOST for development', () => {
    expect(ensureEnv.parseEnv(EXAMPLE).has('HOST')).toBe(false);
    expect(ensureEnv.parseEnv(ensureEnv.fillSecrets(EXAMPLE).text).has('HOST')).toBe(false);
  });
});

describe('feeds and sitemaps (SITE_URL, SITE_PATHS)', () => {
  test('without them, pages are the reference site`s on this server; the settings pass the plugin`s validator', () => {
    const settings = syndicationSettings({ PORT: '1400' });
    expect(settings.siteUrl).toBe('http://localhost:1400');
    expect(settings.paths['api::press-release.press-release']).toEqual({ '*': '/site/?lang={locale}#/press/{slug}' });
    expect(() => syndicationConfig.validator({ ...syndicationConfig.default(), ...settings })).not.toThrow();
  });

  test('SITE_PATHS maps types and type@locale to the site`s pages', () => {
    const settings = syndicationSettings({
      SITE_URL: 'https://www.example.dk',
      PUBLIC_URL: 'https://cms.example.dk',
      SITE_PATHS: JSON.stringify({
        home: '/{locale}/',
        'case-story': '/{locale}/cases/{slug}',
        partnership: '/{locale}/partnerskaber/{slug}',
        'press-release': '/{locale}/press/{slug}',
        'press-release@da': '/presse/{slug}',
      }),
    });
    expect(settings.cmsUrl).toBe('https://cms.example.dk');
    expect(settings.paths['api::press-release.press-release']).toEqual({ '*': '/{locale}/press/{slug}', da: '/presse/{slug}' });
    expect(() => syndicationConfig.validator({ ...syndicationConfig.default(), ...settings })).not.toThrow();
  });

  test('a SITE_URL without SITE_PATHS, bad JSON, an unknown type or a missing type is refused with the fix', () => {
    expect(() => syndicationSettings({ SITE_URL: 'https://www.example.dk' })).toThrow(/SITE_URL is set but SITE_PATHS is not.*"case-story": "\/\{locale\}\/cases\/\{slug\}"/);
    expect(() => syndicationSettings({ SITE_PATHS: '{nope' })).toThrow(/SITE_PATHS must be a JSON object/);
    expect(() => syndicationSettings({ SITE_PATHS: '["/x"]' })).toThrow(/SITE_PATHS must be a JSON object/);
    expect(() => syndicationSettings({ SITE_PATHS: JSON.stringify({ article: '/{slug}' }) })).toThrow(/"article" is not one of home, case-story, partnership, press-release/);
    expect(() => syndicationSettings({ SITE_PATHS: JSON.stringify({ 'case-story': '/{slug}' }) })).toThrow(/SITE_PATHS has no path for partnership/);
    expect(() => syndicationSettings({ FEED_SIZE: '0' })).toThrow(/FEED_SIZE="0" must be a whole number of 1 or more/);
  });
});

describe('translations (DEEPL_API_KEY, LIBRETRANSLATE_URL, TRANSLATION_PROVIDERS, TRANSLATION_GLOSSARY)', () => {
  test('TRANSLATION_PROVIDERS is read as routes, and a wrong entry stops the boot with an example', () => {
    expect(translationRoutes(['en=deepl', 'so=libretranslate', '*=none'])).toEqual({ en: 'deepl', so: 'libretranslate', '*': 'none' });
    expect(() => translationRoutes(['en=google'])).toThrow(/en=deepl,so=libretranslate/);
    expect(() => translationRoutes(['english'])).toThrow(/locale=service/);
  });

  test("the settings pass the plugin's check; a route to a service without its key is refused", () => {
    const settings = translationSettings({ DEEPL_API_KEY: 'abc:fx', LIBRETRANSLATE_URL: 'http://127.0.0.1:5000', TRANSLATION_PROVIDERS: 'so=libretranslate' });
    expect(() => translationConfig.validator(settings)).not.toThrow();
    expect(settings.glossary.find((entry) => entry.term === 'Rådet for Etniske Minoriteter')?.translations?.en).toBe('Council for Ethnic Minorities');
    expect(() => translationConfig.validator(translationSettings({ TRANSLATION_PROVIDERS: 'en=deepl' }))).toThrow(/routes.en is deepl, which is not configured/);
  });

  test('TRANSLATION_GLOSSARY names a JSON file; a missing or broken one stops the boot', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-'));
    try {
      fs.writeFileSync(path.join(dir, 'ok.json'), JSON.stringify([{ term: 'Gellerup' }]));
      fs.writeFileSync(path.join(dir, 'broken.json'), '[{ term');
      expect(glossaryFile({ TRANSLATION_GLOSSARY: 'ok.json' }, dir)).toEqual([{ term: 'Gellerup' }]);
      expect(() => glossaryFile({ TRANSLATION_GLOSSARY: 'broken.json' }, dir)).toThrow(/is not JSON/);
      expect(() => glossaryFile({ TRANSLATION_GLOSSARY: 'missing.json' }, dir)).toThrow(/TRANSLATION_GLOSSARY: cannot read/);
      // Without the setting and without the default file: no glossary.
      expect(glossaryFile({}, dir)).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the environment is read in configuration only', () => {
  /** Every TypeScript file under `dir`, recursively. */
  const sources = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sources(file);
      return /\.tsx?$/.test(entry.name) ? [file] : [];
    });
  const PLUGINS = path.join(ROOT, 'plugins');
  const roots = [path.join(ROOT, 'src'), ...fs.readdirSync(PLUGINS).map((name) => path.join(PLUGINS, name, 'server', 'src'))];

  test('no module of the app (but src/settings) or of a plugin reads process.env: config/ reads it once, when Strapi loads it', () => {
    const readers = roots
      .flatMap(sources)
      .filter((file) => !file.startsWith(path.join(ROOT, 'src', 'settings') + path.sep))
      .filter((file) => /process\.env|process\[['"]env['"]\]/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(ROOT, file));
    expect(readers).toEqual([]);
  });

  test('operations settings: read once, malformed values refused with their names', async () => {
    const { operationsSettings } = await import('../../src/settings/operations');
    const settings = operationsSettings({ NODE_ENV: 'development', FILTER_MAX_DEPTH: '20', ADMIN_EMAIL: ' a@example.dk ' });
    expect(settings).toMatchObject({
      filterLimits: { maxDepth: 20, maxSize: 300 },
      seedDemoContent: true,
      diagnosticHeaders: false,
    });
    expect(settings.firstAdmin.email).toBe('a@example.dk');
    expect(operationsSettings({ NODE_ENV: 'production' }).seedDemoContent).toBe(false);
    expect(operationsSettings({ SEED_DEMO_CONTENT: ' FALSE ' }).seedDemoContent).toBe(false);
    expect(() => operationsSettings({ FILTER_MAX_DEPTH: '1' })).toThrow(/FILTER_MAX_DEPTH="1" must be a whole number of 2 or more/);
  });
});
