import { matchesIfNoneMatch } from '../server/src/http/conditional-get';

describe('If-None-Match (weak comparison)', () => {
  const etag = 'W/"abc"';
  test('matches the same opaque tag, weak or strong, alone or in a list, and *', () => {
    for (const header of ['W/"abc"', '"abc"', '"x", W/"abc"', ' W/"y" ,"abc" ', '*']) expect(matchesIfNoneMatch(header, etag)).toBe(true);
  });
  test('does not match another tag, a prefix, an empty header or an answer without ETag', () => {
    for (const header of ['W/"abcd"', '"ab"', 'abc', '', 'W/""']) expect(matchesIfNoneMatch(header, etag)).toBe(false);
    expect(matchesIfNoneMatch(undefined, etag)).toBe(false);
    expect(matchesIfNoneMatch('*', undefined)).toBe(false);
  });
});
