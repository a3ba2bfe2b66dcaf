import { changeOf, type PublishedVersion } from '../server/src/events/model';
import { backoffMs } from '../server/src/delivery/backoff';
import { isPublicAddress } from '../server/src/delivery/addresses';

const version = (locale: string | null, id: number, slug: string | null = `slug-${locale}`, updatedAt = '2026-12-05T10:00:00.000Z'): PublishedVersion => ({ id, locale, slug, updatedAt });

describe('what a change means to the public', () => {
  it('is nothing when no published version changed (a draft saved, a discard)', () => {
    expect(changeOf('update', [], [])).toBeNull();
    expect(changeOf('update', [version('da', 1)], [version('da', 1)])).toBeNull();
  });

  it('is document.published when a locale becomes public, listing the locales that changed with it', () => {
    expect(changeOf('publish', [], [version('da', 2)])).toEqual({ type: 'document.published', locales: [{ locale: 'da', slug: 'slug-da', previousSlug: null }] });
    expect(changeOf('publish', [version('da', 1)], [version('da', 1), version('en', 3)])).toEqual({
      type: 'document.published',
      locales: [{ locale: 'en', slug: 'slug-en', previousSlug: null }],
    });
    // A publish of every locale at once, one new and one replaced.
    expect(changeOf('publish', [version('da', 1, 'gammel')], [version('da', 4, 'ny'), version('en', 5)])?.locales).toEqual([
      { locale: 'da', slug: 'ny', previousSlug: 'gammel' },
      { locale: 'en', slug: 'slug-en', previousSlug: null },
    ]);
  });

  it('is document.updated when published versions are replaced or rewritten', () => {
    // Strapi replaces the published row on a publish of changes: a new id.
    expect(changeOf('publish', [version('da', 1, 'gammel')], [version('da', 2, 'ny')])).toEqual({ type: 'document.updated', locales: [{ locale: 'da', slug: 'ny', previousSlug: 'gammel' }] });
    // A type without drafts: the same row, a new updatedAt.
    expect(changeOf('update', [version(null, 1, null)], [version(null, 1, null, '2026-12-05T10:00:01.000Z')])).toEqual({
      type: 'document.updated',
      locales: [{ locale: null, slug: null, previousSlug: null }],
    });
    // Dates as the database returns them (strings, numbers, dates) compare by time.
    expect(changeOf('update', [{ ...version('da', 1), updatedAt: 1764928800000 }], [{ ...version('da', 1), updatedAt: new Date(1764928800000) }])).toBeNull();
  });

  it('is document.unpublished or document.deleted when versions are gone', () => {
    expect(changeOf('unpublish', [version('da', 1), version('en', 2)], [version('da', 1)])).toEqual({
      type: 'document.unpublished',
      locales: [{ locale: 'en', slug: null, previousSlug: 'slug-en' }],
    });
    expect(changeOf('delete', [version('da', 1)], [])).toEqual({ type: 'document.deleted', locales: [{ locale: 'da', slug: null, previousSlug: 'slug-da' }] });
    // Deleting a document that was never published is not an event.
    expect(changeOf('delete', [], [])).toBeNull();
  });
});

describe('backoff', () => {
  it('doubles from the first wait up to the longest, spread by ±25 %', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6].map((attempts) => backoffMs(attempts, 1000, 10_000, middle))).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(backoffMs(1, 1000, 10_000, () => 0)).toBe(750);
    expect(backoffMs(1, 1000, 10_000, () => 0.999999)).toBe(1250);
    expect(backoffMs(500, 1000, 3_600_000, middle)).toBe(3_600_000);
  });
});

describe('addresses a webhook may reach in production', () => {
  it.each(['8.8.8.8', '93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8'])('%s is public', (address) => expect(isPublicAddress(address)).toBe(true));
  it.each([
    '127.0.0.1',
    '127.8.9.10',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::1',
    '::',
    'fe80::1',
    'fd00::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '[::1]',
    'fe80::1%eth0',
    'localhost',
    'not an address',
  ])('%s is not', (address) => expect(isPublicAddress(address)).toBe(false));
});
