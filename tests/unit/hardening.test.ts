import { env } from '@strapi/utils';
import serverConfig from '../../config/server';
import { allowedOrigin, corsSettings, cspDirectives } from '../../src/settings/http';
import { productionGuardsSettings, rateLimitSettings } from '../../src/settings/production-guards';
import { configProblem, exemptIpSet, normaliseIp } from '../../plugins/production-guards/server/src/config';
import { s3Origins, s3Settings, s3UploadProvider } from '../../src/settings/s3';

describe('CORS_ORIGINS', () => {
  test('unset, no other origin is allowed', () => {
    const settings = corsSettings({});
    expect(settings).toEqual({ origins: [], credentials: false });
    expect(allowedOrigin(settings, 'https://evil.example')).toBe('');
  });

  test('a list allows exactly its origins, with credentials', () => {
    const settings = corsSettings({ CORS_ORIGINS: 'https://www.aarhus.dk, https://bibliotek.odense.dk/' });
    expect(settings).toEqual({ origins: ['https://www.aarhus.dk', 'https://bibliotek.odense.dk'], credentials: true });
    expect(allowedOrigin(settings, 'https://www.aarhus.dk')).toBe('https://www.aarhus.dk');
    expect(allowedOrigin(settings, 'https://www.aarhus.dk.evil.example')).toBe('');
    expect(allowedOrigin(settings, 'http://www.aarhus.dk')).toBe('');
    expect(allowedOrigin(settings, '')).toBe('');
  });

  test('`*` allows any origin and never with credentials', () => {
    const settings = corsSettings({ CORS_ORIGINS: '*' });
    expect(settings).toEqual({ origins: '*', credentials: false });
    expect(allowedOrigin(settings, 'https://anywhere.example')).toBe('*');
  });

  test('a path, a non-http scheme, a bare word or `*` within a list is refused with the reason', () => {
    expect(() => corsSettings({ CORS_ORIGINS: 'https://www.aarhus.dk/nyheder' })).toThrow(/bare origin/);
    expect(() => corsSettings({ CORS_ORIGINS: 'ftp://files.aarhus.dk' })).toThrow(/bare origin/);
    expect(() => corsSettings({ CORS_ORIGINS: 'aarhus' })).toThrow(/CORS_ORIGINS: "aarhus" must be a bare origin/);
    expect(() => corsSettings({ CORS_ORIGINS: '*,https://www.aarhus.dk' })).toThrow(/cannot be combined/);
  });
});

describe('TRUST_PROXY_HOPS', () => {
  const withEnv = (values: Record<string, string>) => {
    const saved = { ...process.env };
    Object.assign(process.env, { NODE_ENV: 'test', ...values });
    try {
      return serverConfig({ env } as never).proxy as { koa: boolean; maxIpsCount: number };
    } finally {
      process.env = saved;
    }
  };

  test('one proxy by default; the count reaches Koa with TRUST_PROXY', () => {
    expect(withEnv({ TRUST_PROXY: 'true', TRUST_PROXY_HOPS: '' })).toEqual({ koa: true, maxIpsCount: 1 });
    expect(withEnv({ TRUST_PROXY: 'true', TRUST_PROXY_HOPS: '2' })).toEqual({ koa: true, maxIpsCount: 2 });
  });

  test('0 (Koa would believe the first address, which the client writes) and non-numbers are refused', () => {
    expect(() => withEnv({ TRUST_PROXY_HOPS: '0' })).toThrow(/TRUST_PROXY_HOPS="0" must be a whole number of 1 or more/);
    expect(() => withEnv({ TRUST_PROXY_HOPS: 'one' })).toThrow(/TRUST_PROXY_HOPS/);
  });
});

describe('rate limit settings', () => {
  test('on by default in production only, with the documented allowances', () => {
    expect(rateLimitSettings({ NODE_ENV: 'production' })).toMatchObject({ enabled: true, graphqlPerMinute: 600, authPer15Minutes: 30 });
    expect(rateLimitSettings({ NODE_ENV: 'development' }).enabled).toBe(false);
    expect(rateLimitSettings({ NODE_ENV: 'production', RATE_LIMIT: 'false' }).enabled).toBe(false);
    expect(rateLimitSettings({ NODE_ENV: 'test', RATE_LIMIT: 'true', RATE_LIMIT_GRAPHQL: '20', RATE_LIMIT_AUTH: '3' })).toMatchObject({
      enabled: true,
      graphqlPerMinute: 20,
      authPer15Minutes: 3,
    });
  });

  test('bad values are refused, not ignored', () => {
    expect(() => rateLimitSettings({ RATE_LIMIT: 'yes' })).toThrow(/RATE_LIMIT must be true or false/);
    expect(() => rateLimitSettings({ RATE_LIMIT_GRAPHQL: '0' })).toThrow(/RATE_LIMIT_GRAPHQL/);
    expect(() => rateLimitSettings({ RATE_LIMIT_AUTH: 'ten' })).toThrow(/RATE_LIMIT_AUTH/);
    expect(() => rateLimitSettings({ RATE_LIMIT_EXEMPT_IPS: '10.0.0.0/8' })).toThrow(/not an IP address/);
  });

  test('exempt addresses are compared as the server sees them (IPv4 mapped into IPv6 included)', () => {
    // The set the plugin's middleware looks a client's normalised address up in.
    const exempt = exemptIpSet(rateLimitSettings({ RATE_LIMIT_EXEMPT_IPS: '10.0.0.5, 2001:DB8::1' }));
    expect(exempt.has(normaliseIp('::ffff:10.0.0.5'))).toBe(true);
    expect(exempt.has(normaliseIp('2001:db8::1'))).toBe(true);
    expect(exempt.has(normaliseIp('10.0.0.6'))).toBe(false);
  });

  test('the production-guards settings read from the environment are a configuration the plugin accepts', () => {
    const settings = productionGuardsSettings({
      NODE_ENV: 'production',
      RATE_LIMIT_EXEMPT_IPS: '10.0.0.5',
      REDIS_URL: 'redis://127.0.0.1:6379',
      FILTER_MAX_DEPTH: '20',
      READER_QUEUE_TIMEOUT_MS: '500',
    });
    expect(configProblem(settings)).toBeNull();
    expect(settings).toMatchObject({
      // The prefix of the counts in Redis stays the app's, so that instances of two releases share them.
      rateLimits: { enabled: true, redisUrl: 'redis://127.0.0.1:6379', redisPrefix: 'lpc:rate-limit:' },
      databaseOutage: { enabled: true },
      turns: { enabled: true, reservedForEditors: 2, admissionTimeoutMs: 500 },
      uploadCheck: { enabled: true },
      graphqlDocuments: { enabled: true, maxArgumentDepth: 20 },
      strictCors: { enabled: true },
    });
    expect(productionGuardsSettings({ FAIR_TURNS: 'false' }).turns.enabled).toBe(false);
    expect(() => productionGuardsSettings({ FAIR_TURNS: 'sometimes' })).toThrow(/FAIR_TURNS must be true or false/);
    expect(() => productionGuardsSettings({ READER_QUEUE_TIMEOUT_MS: '3000000000' })).toThrow(/READER_QUEUE_TIMEOUT_MS="3000000000" must be at most 2147483647/);
    expect(productionGuardsSettings({ REDIS_URL: ' ' }).rateLimits.redisUrl).toBeUndefined();
    expect(() => productionGuardsSettings({ DATABASE_OUTAGE_GUARD: 'maybe' })).toThrow(/DATABASE_OUTAGE_GUARD must be true or false/);
    expect(() => productionGuardsSettings({ EDITOR_RESERVED_CONNECTIONS: '-1' })).toThrow(/EDITOR_RESERVED_CONNECTIONS/);
  });
});

describe('S3 uploads', () => {
  test('off unless S3_BUCKET is set', () => {
    expect(s3Settings({})).toBeNull();
    expect(s3Origins(null)).toEqual([]);
  });

  test('AWS: region required, no ACL header unless asked, the bucket host allowed by the CSP', () => {
    expect(() => s3Settings({ S3_BUCKET: 'lpc-media' })).toThrow(/S3_REGION/);
    const settings = s3Settings({ S3_BUCKET: 'lpc-media', S3_REGION: 'eu-north-1' })!;
    const provider = s3UploadProvider(settings);
    expect(provider.provider).toBe('aws-s3');
    expect(provider.providerOptions.s3Options.params).toEqual({ Bucket: 'lpc-media', ACL: undefined });
    expect(provider.providerOptions.s3Options.credentials).toBeUndefined();
    expect(s3Origins(settings)).toEqual(['https://lpc-media.s3.eu-north-1.amazonaws.com']);
    const pathStyle = s3Settings({ S3_BUCKET: 'lpc-media', S3_REGION: 'eu-north-1', S3_FORCE_PATH_STYLE: 'true' })!;
    expect(s3Origins(pathStyle)).toEqual(['https://s3.eu-north-1.amazonaws.com']);
  });

  test('an S3-compatible service: path-style addressing by default, keys in pairs, a CDN in the CSP', () => {
    expect(() => s3Settings({ S3_BUCKET: 'b', S3_REGION: 'r', S3_ACCESS_KEY_ID: 'key' })).toThrow(/both/);
    expect(() => s3Settings({ S3_BUCKET: 'b', S3_REGION: 'r', S3_ENDPOINT: 'minio:9000' })).toThrow(/S3_ENDPOINT/);
    const settings = s3Settings({
      S3_BUCKET: 'media',
      S3_REGION: 'us-east-1',
      S3_ENDPOINT: 'https://s3.kommune.example:9000/',
      S3_ACCESS_KEY_ID: 'key',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_PUBLIC_URL: 'https://cdn.kommune.example/media',
    })!;
    expect(settings).toMatchObject({ endpoint: 'https://s3.kommune.example:9000', forcePathStyle: true, credentials: { accessKeyId: 'key', secretAccessKey: 'secret' } });
    expect(s3Origins(settings).sort()).toEqual(['https://cdn.kommune.example', 'https://s3.kommune.example:9000']);
  });
});

describe('Content-Security-Policy', () => {
  test("Strapi's defaults, frames from this origin only, unless a preview frontend or S3 files are configured", () => {
    const plain = cspDirectives({});
    expect(plain['frame-src']).toEqual(["'self'"]);
    expect(plain['img-src']).toEqual(["'self'", 'data:', 'blob:', 'https://market-assets.strapi.io']);
    const configured = cspDirectives({
      PREVIEW_URL: 'https://www.aarhus.dk/preview',
      PREVIEW_SECRET: 'a-preview-secret-of-some-length',
      S3_BUCKET: 'lpc-media',
      S3_REGION: 'eu-north-1',
    });
    expect(configured['frame-src']).toEqual(["'self'", 'https://www.aarhus.dk']);
    expect(configured['img-src']).toContain('https://lpc-media.s3.eu-north-1.amazonaws.com');
    expect(configured['media-src']).toContain('https://lpc-media.s3.eu-north-1.amazonaws.com');
    expect(cspDirectives({ CSP_MEDIA_ORIGINS: 'https://billeder.aarhus.dk' })['img-src']).toContain('https://billeder.aarhus.dk');
    expect(() => cspDirectives({ CSP_MEDIA_ORIGINS: 'https://billeder.aarhus.dk/*' })).toThrow(/CSP_MEDIA_ORIGINS/);
  });
});
