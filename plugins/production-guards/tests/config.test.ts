import configModule, { configProblem, defaults, normaliseIp } from '../server/src/config';

describe('the production-guards configuration', () => {
  test('the defaults pass, and are a copy (a configuration cannot change them for the next instance)', () => {
    expect(configProblem(defaults)).toBeNull();
    const copy = configModule.default();
    copy.rateLimits.exemptIps.push('10.0.0.1');
    expect(defaults.rateLimits.exemptIps).toEqual([]);
    expect(defaults.rateLimits.enabled).toBe(false);
  });

  test.each([
    [null, 'must be an object'],
    [{ ...defaults, rateLimit: {} }, 'unknown option rateLimit'],
    [{ ...defaults, turns: { ...defaults.turns, reserved: 1 } }, 'unknown option turns.reserved'],
    [{ ...defaults, rateLimits: { ...defaults.rateLimits, exemptIps: ['10.0.0.0/8'] } }, 'rateLimits.exemptIps must be a list of single IP addresses'],
    [{ ...defaults, rateLimits: { ...defaults.rateLimits, graphqlPerMinute: 0 } }, 'rateLimits.graphqlPerMinute must be a whole number of 1 or more'],
    [{ ...defaults, rateLimits: { ...defaults.rateLimits, redisUrl: 'localhost:6379' } }, 'rateLimits.redisUrl must be a redis:// or rediss:// URL'],
    [{ ...defaults, databaseOutage: { enabled: 'yes' } }, 'databaseOutage.enabled must be true or false'],
    [{ ...defaults, turns: { ...defaults.turns, admissionTimeoutMs: 5 } }, 'turns.admissionTimeoutMs must be a whole number from 100 to 2147483647'],
    // A longer timer fires at once in Node: every waiting reader would be answered 503.
    [{ ...defaults, turns: { ...defaults.turns, admissionTimeoutMs: 2 ** 31 } }, 'turns.admissionTimeoutMs must be a whole number from 100 to 2147483647'],
    [{ ...defaults, strictCors: { enabled: 1 } }, 'strictCors.enabled must be true or false'],
    [{ ...defaults, graphqlDocuments: { enabled: true, maxArgumentDepth: 0 } }, 'graphqlDocuments.maxArgumentDepth'],
    [{ ...defaults, uploadCheck: true }, 'uploadCheck must be an object'],
  ])('refused: %j', (bad, message) => {
    expect(configProblem(bad)).toContain(message);
    expect(() => configModule.validator(bad)).toThrow(`production-guards: ${configProblem(bad)}`);
  });

  test('an IPv4 address mapped into IPv6 is the same client', () => {
    expect(normaliseIp(' ::FFFF:10.0.0.5 ')).toBe('10.0.0.5');
    expect(normaliseIp('2001:DB8::1')).toBe('2001:db8::1');
  });
});
