import { cdnTag, cdnTags, changedDocumentTags, typeName } from '../server/src/cache/cdn-tags';

describe('CDN tags of cache tags', () => {
  it('names content types short', () => {
    expect(typeName('api::case-story.case-story')).toBe('case-story');
    expect(typeName('api::shop.product')).toBe('shop.product');
    expect(typeName('plugin::users-permissions.role')).toBe('users-permissions.role');
  });

  it.each([
    ['*', 'all'],
    ['#', 'any'],
    ['api::case-story.case-story', 'case-story'],
    ['api::case-story.case-story#doc:abc123', 'case-story:abc123'],
    ['api::case-story.case-story#slug:laesecafe', 'case-story/laesecafe'],
    ['api::case-story.case-story#bulk', 'case-story:bulk'],
    ['search', 'search'],
  ])('%s is %s', (tag, expected) => {
    expect(cdnTag(tag)).toBe(expected);
    expect(cdnTag(tag, 'lpc:')).toBe(`lpc:${expected}`);
  });

  it('hashes tags that are long or not printable ASCII, the same way every time', () => {
    const long = cdnTag(`api::case-story.case-story#slug:${'a'.repeat(80)}`);
    expect(long).toMatch(/^h:[0-9a-f]{16}$/);
    expect(cdnTag(`api::case-story.case-story#slug:${'a'.repeat(80)}`)).toBe(long);
    expect(cdnTag(`api::case-story.case-story#slug:${'a'.repeat(81)}`)).not.toBe(long);
    for (const slug of ['læsecafé', 'with space', 'comma,inside', 'line\nbreak']) expect(cdnTag(`api::case-story.case-story#slug:${slug}`)).toMatch(/^h:[0-9a-f]{16}$/);
    expect(cdnTag('x'.repeat(70), 'p:')).toMatch(/^p:h:[0-9a-f]{16}$/);
  });

  it('lists without repeats and says what a change of one document makes stale', () => {
    expect(cdnTags(['*', '*', 'api::a.a'])).toEqual(['all', 'a']);
    expect(changedDocumentTags('api::case-story.case-story', 'doc1', ['new-slug', 'old-slug'])).toEqual(['case-story', 'case-story:doc1', 'case-story/new-slug', 'case-story/old-slug', 'any']);
  });
});
