import { parse, type OperationDefinitionNode } from 'graphql';
import { passwordWeakness } from '../../src/bootstrap/admin-user';
import { cacheKey } from '../../plugins/graphql-acceleration/server/src/cache/keys';
import { responseCacheSettings as cacheSettings } from '../../src/settings/graphql-cache';
import { parseLocaleList } from '../../src/bootstrap/locales';
import { publicActions, PUBLIC_READ } from '../../src/bootstrap/permissions';
import { DRAFTS_FORBIDDEN_MESSAGE, MUTATIONS_FORBIDDEN_MESSAGE, refusalFor, requestsDrafts } from '../../src/content-api/anonymous-guard';
import { normalizePhone } from '../../src/content-rules/phone';

const ISO = ['da', 'en', 'ar', 'fa', 'pl', 'so', 'tr', 'uk', 'ur', 'de'].map((code) => ({ code, name: code }));

describe('locales', () => {
  test('the default list is Danish first, then English and the languages the libraries reach', () => {
    expect(parseLocaleList(undefined, ISO)).toEqual(['da', 'en', 'ar', 'fa', 'pl', 'so', 'tr', 'uk', 'ur']);
    expect(parseLocaleList('  ', ISO)).toHaveLength(9);
  });
  test('a configured list is trimmed and deduplicated', () => {
    expect(parseLocaleList(' da, en ,de,da', ISO)).toEqual(['da', 'en', 'de']);
  });
  test('unknown codes and a list without da or en are refused', () => {
    expect(() => parseLocaleList('da,en,xx', ISO)).toThrow(/unknown locale codes: xx/);
    expect(() => parseLocaleList('en,ar', ISO)).toThrow(/must include da and en; missing: da/);
  });
});

describe('public permissions', () => {
  test('the public role only ever reads', () => {
    const actions = publicActions();
    expect(actions).toContain('api::case-story.case-story.find');
    expect(actions).toContain('plugin::i18n.locales.listLocales');
    expect(actions.every((action) => /\.(find|findOne|listLocales)$/.test(action))).toBe(true);
    expect(Object.keys(PUBLIC_READ).filter((uid) => uid.startsWith('api::'))).toHaveLength(7);
  });
});

describe('anonymous guard', () => {
  const anonymous = { strategy: { name: 'users-permissions' }, credentials: null };
  const apiToken = { strategy: { name: 'content-api-token' }, credentials: { id: 1 } };
  const user = { strategy: { name: 'users-permissions' }, credentials: { id: 7 } };
  const refusal = (query: string, variables: Record<string, unknown>, auth: unknown) => {
    const document = parse(query);
    const operation = document.definitions[0] as OperationDefinitionNode;
    return refusalFor(operation, document, variables, auth as never);
  };

  test.each([
    ['{ caseStories(status: DRAFT) { title } }', {}],
    ['query($s: PublicationStatus) { caseStories(status: $s) { title } }', { s: 'DRAFT' }],
    ['query($s: PublicationStatus = DRAFT) { caseStories(status: $s) { title } }', {}],
    ['{ a: caseStories { title } b: partnerships(status: DRAFT) { title } }', {}],
    ['{ ...F } fragment F on Query { caseStories(status: DRAFT) { title } }', {}],
  ])('drafts are asked for in %s', (query, variables) => {
    expect(requestsDrafts(parse(query), variables)).toBe(true);
  });

  test.each([
    ['{ caseStories { title } }', {}],
    ['{ caseStories(status: PUBLISHED) { title } }', {}],
    ['query($s: PublicationStatus = DRAFT) { caseStories(status: $s) { title } }', { s: 'PUBLISHED' }],
    ['{ partnerships(filters: { partnershipStatus: { eq: "active" } }) { title } }', {}],
  ])('no drafts are asked for in %s', (query, variables) => {
    expect(requestsDrafts(parse(query), variables)).toBe(false);
  });

  test('anonymous callers may neither mutate nor read drafts; API tokens may read drafts; users may not', () => {
    expect(refusal('mutation { login(input: {}) { jwt } }', {}, anonymous)).toBe(MUTATIONS_FORBIDDEN_MESSAGE);
    expect(refusal('mutation { login(input: {}) { jwt } }', {}, undefined)).toBe(MUTATIONS_FORBIDDEN_MESSAGE);
    expect(refusal('{ caseStories(status: DRAFT) { title } }', {}, anonymous)).toBe(DRAFTS_FORBIDDEN_MESSAGE);
    expect(refusal('{ caseStories(status: DRAFT) { title } }', {}, apiToken)).toBeNull();
    expect(refusal('{ caseStories(status: DRAFT) { title } }', {}, user)).toBe(DRAFTS_FORBIDDEN_MESSAGE);
    expect(refusal('mutation { createCaseStory(data: {}) { title } }', {}, apiToken)).toBeNull(); // permissions decide
    expect(refusal('{ caseStories { title } }', {}, anonymous)).toBeNull();
  });
});

describe('phone numbers', () => {
  test.each([
    ['33 73 33 26', '+45 33 73 33 26'],
    ['33-73-33-26', '+45 33 73 33 26'],
    ['+4533733326', '+45 33 73 33 26'],
    ['0045 33733326', '+45 33 73 33 26'],
    ['+44 20 7946 0958', '+44 20 7946 0958'],
    ['  +1  (555) 010-9999 ', '+1 (555) 010-9999'],
    ['', ''],
  ])('%s becomes %s', (input, value) => {
    expect(normalizePhone(input)).toEqual({ value });
  });
  test.each(['tlf. 33 73 33 26', '123', '+45 1234', '33 73 33 26 ext 5'])('%s is refused', (input) => {
    expect(normalizePhone(input)).toHaveProperty('error');
  });
});

describe('first admin password', () => {
  test.each([
    ['Kort1a', /at least 12/],
    ['alllowercase123', /mix lower case, upper case and digits/],
    ['Password12345', /commonly guessed/],
    ['Editor-Jensen-2025', /contains the email address/],
    ['Aa1Aa1Aa1Aa1', /too few different characters/],
  ])('%s is refused', (password, reason) => {
    expect(passwordWeakness(password, 'editor.jensen@example.com')).toMatch(reason);
  });
  test('a long mixed password is accepted', () => {
    expect(passwordWeakness('Redaktion-Test-2025', 'editor@example.com')).toBeNull();
  });
});

describe('response cache keys and settings', () => {
  test('the key ignores whitespace and variable order, and tells queries, variables and operations apart', () => {
    const a = cacheKey(parse('query Q($a: Int, $b: Int) { caseStories { title } }'), { a: 1, b: 2 }, 'Q');
    expect(cacheKey(parse('query Q($a: Int, $b: Int) {\n  caseStories {   title }\n}'), { b: 2, a: 1 }, 'Q')).toBe(a);
    expect(cacheKey(parse('query Q($a: Int, $b: Int) { caseStories { title } }'), { a: 1, b: 3 }, 'Q')).not.toBe(a);
    expect(cacheKey(parse('query Q($a: Int, $b: Int) { caseStories { slug } }'), { a: 1, b: 2 }, 'Q')).not.toBe(a);
    expect(cacheKey(parse('query Q($a: Int, $b: Int) { caseStories { title } }'), { a: 1, b: 2 }, null)).not.toBe(a);
  });

  test('settings: on by default, off with GRAPHQL_CACHE=false, bad numbers refused', () => {
    expect(cacheSettings({})).toEqual({ enabled: true, maxEntries: 1000, ttlSeconds: 300, maxAgeSeconds: 0, coalesceWaitMs: 2000, redisUrl: undefined, redisPrefix: 'lpc:graphql-cache:' });
    expect(cacheSettings({ GRAPHQL_CACHE: 'false' }).enabled).toBe(false);
    expect(cacheSettings({ REDIS_URL: 'redis://cache:6379', GRAPHQL_CACHE_MAX_AGE: '60' })).toMatchObject({ redisUrl: 'redis://cache:6379', maxAgeSeconds: 60 });
    expect(() => cacheSettings({ GRAPHQL_CACHE_TTL: 'ten' })).toThrow(/GRAPHQL_CACHE_TTL="ten" must be a whole number/);
    expect(cacheSettings({ GRAPHQL_COALESCE_WAIT_MS: '500' }).coalesceWaitMs).toBe(500);
    expect(() => cacheSettings({ GRAPHQL_COALESCE_WAIT_MS: 'soon' })).toThrow(/GRAPHQL_COALESCE_WAIT_MS="soon" must be a whole number/);
    expect(() => cacheSettings({ GRAPHQL_CACHE: 'flase' })).toThrow('GRAPHQL_CACHE must be true or false, not "flase"');
  });
});
