import { changesPublishedVersions } from '../server/src/sync';

describe('which Document Service actions re-index a document', () => {
  test('publish, unpublish, discard and delete do', () => {
    for (const action of ['publish', 'unpublish', 'discardDraft', 'delete']) expect(changesPublishedVersions(action, { documentId: 'x' })).toBe(true);
  });

  test('a save of the draft does not: the index holds the published text', () => {
    expect(changesPublishedVersions('update', { documentId: 'x', data: { title: 'Ny titel' } })).toBe(false);
    expect(changesPublishedVersions('update', { documentId: 'x', status: 'draft', data: {} })).toBe(false);
    expect(changesPublishedVersions('create', { data: { title: 'Udkast' } })).toBe(false);
  });

  test('a create or update that publishes in the same call (the seed, scripts) does', () => {
    expect(changesPublishedVersions('create', { status: 'published', data: {} })).toBe(true);
    expect(changesPublishedVersions('update', { documentId: 'x', status: 'published', data: {} })).toBe(true);
  });

  test('reads and other actions do not', () => {
    for (const action of ['findMany', 'findOne', 'findFirst', 'count', 'clone']) expect(changesPublishedVersions(action, {})).toBe(false);
  });
});
