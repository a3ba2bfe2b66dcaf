import { CASE_STORY, PARTNERSHIP, PRESS_RELEASE } from './content-types';
/**
 * The types with pages of their own on a frontend: press releases, case stories and
 * partnerships. They are the ones editors schedule, that are checked at publish time, and that
 * the admin can preview.
 */
export const PAGE_TYPES = [PRESS_RELEASE, CASE_STORY, PARTNERSHIP] as const;
export type PageType = (typeof PAGE_TYPES)[number];

export const isPageType = (uid: string): uid is PageType => (PAGE_TYPES as readonly string[]).includes(uid);

/** The short name of a page type, as frontends route it: `case-story`, `partnership`, `press-release`. */
export const pageTypeName = (uid: PageType): string => uid.slice(uid.lastIndexOf('.') + 1);
