/**
 * Apollo Client for this CMS: a cache that keeps each language version apart.
 *
 * Every content type has a `documentId`, and it is the same in all locales: the Danish and the
 * English version of a case story share it. A cache that identifies objects by `documentId` alone
 * (`keyFields: ['documentId']`, or a `dataIdFromObject` that reads it) stores both as one object,
 * and a Danish list then shows English titles, silently. Here a localized object is identified by
 * its `documentId` and its `locale`; when a query does not select `locale`, the object is not
 * normalized (kept inside the query's answer) rather than mixed with another language. Types
 * without locales (municipalities, media files, the locales themselves) are identified by
 * `documentId`. A preview that reads drafts (`status: DRAFT`, with a token) uses a client of its
 * own: a draft and the published version share `documentId` and `locale` too.
 *
 * Used as is by the tests (tests/api/web-client.test.ts). Copy it into your site.
 */
import { ApolloClient, HttpLink, InMemoryCache, type TypePolicies } from '@apollo/client';

/** The GraphQL types of content that exists once per locale. */
export const LOCALIZED_TYPES = ['CaseStory', 'Contact', 'FocusArea', 'Organisation', 'Partnership', 'PressRelease'] as const;
/** The GraphQL types of content shared by every locale. */
export const SHARED_TYPES = ['I18NLocale', 'Municipality', 'UploadFile'] as const;

export const typePolicies: TypePolicies = {
  ...Object.fromEntries(
    LOCALIZED_TYPES.map((type) => [type, { keyFields: (object: Record<string, unknown>) => (typeof object.locale === 'string' && object.documentId ? ['documentId', 'locale'] : false) }])
  ),
  ...Object.fromEntries(SHARED_TYPES.map((type) => [type, { keyFields: (object: Record<string, unknown>) => (object.documentId ? ['documentId'] : false) }])),
};

/** A client of the CMS at `uri` (`https://cms.example.dk/graphql`). */
export function createClient(uri: string): ApolloClient {
  return new ApolloClient({ link: new HttpLink({ uri }), cache: new InMemoryCache({ typePolicies }) });
}
