import type { Core, UID } from '@strapi/strapi';
import { CASE_STORY, PARTNERSHIP, PRESS_RELEASE } from '../content-types';

/**
 * Indexes for the lists web teams page through: published documents of one locale in title order
 * (case stories, partnerships) or newest first (the press room). Without them a page of 25 scans
 * and sorts every version of the type; with them SQLite and PostgreSQL read the index in order and
 * stop after the page. Declared on the content types, so Strapi's schema sync creates them (on a
 * fresh database and on an existing one at its next start) and owns them like its own; a
 * migration under database/migrations runs before the sync, when the tables may not exist yet.
 */
const LIST_INDEXES: Array<{ uid: UID.ContentType; name: string; columns: string[] }> = [
  { uid: CASE_STORY, name: 'case_stories_locale_title_idx', columns: ['locale', 'title'] },
  { uid: PARTNERSHIP, name: 'partnerships_locale_title_idx', columns: ['locale', 'title'] },
  { uid: PRESS_RELEASE, name: 'press_releases_locale_release_date_idx', columns: ['locale', 'release_date'] },
];

/** Call from register(): the content types become database models in Strapi's bootstrap. */
export function declareListIndexes(strapi: Core.Strapi): void {
  for (const { uid, name, columns } of LIST_INDEXES) {
    const contentType = strapi.contentTypes[uid] as unknown as { indexes?: Array<{ name: string; columns: string[] }> };
    contentType.indexes = [...(contentType.indexes ?? []).filter((index) => index.name !== name), { name, columns }];
  }
}
