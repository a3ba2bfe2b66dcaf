import type { UID } from '@strapi/strapi';

/*
 * The app's content types by name, checked against the generated schema (types/generated): a type
 * renamed or removed in the Content-Type Builder fails `npm run typecheck` here, not at run time.
 * The app names its types through these, never as string literals (the API factories under
 * src/api/ are Strapi's convention and typed by Strapi itself).
 */
export const CASE_STORY = 'api::case-story.case-story' satisfies UID.ContentType;
export const PARTNERSHIP = 'api::partnership.partnership' satisfies UID.ContentType;
export const PRESS_RELEASE = 'api::press-release.press-release' satisfies UID.ContentType;
export const ORGANISATION = 'api::organisation.organisation' satisfies UID.ContentType;
export const FOCUS_AREA = 'api::focus-area.focus-area' satisfies UID.ContentType;
export const CONTACT = 'api::contact.contact' satisfies UID.ContentType;
export const MUNICIPALITY = 'api::municipality.municipality' satisfies UID.ContentType;
