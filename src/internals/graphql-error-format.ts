import { unwrapResolverError } from '@apollo/server/errors';
import { errors } from '@strapi/utils';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { Internal } from './internal';

/**
 * Not a member replaced but behaviour copied: plugin-graphql's error classification
 * (`formatGraphqlError`, dist/server/format-graphql-error.js), its codes for its errors, without
 * its logging (src/graphql/internal-errors.ts logs internal errors once, with the operation).
 * After an upgrade, compare it with that file: a new code there is missing here.
 */
export const graphqlErrorFormat: Internal = {
  what: "a copy of plugin-graphql's formatGraphqlError (its error codes, without its logging)",
  packageName: '@strapi/plugin-graphql',
  writtenAgainst: '5.54.0',
  file: 'graphql-error-format.ts',
};

export const INTERNAL = 'INTERNAL_SERVER_ERROR';
const { ApplicationError, ForbiddenError, HttpError, UnauthorizedError, ValidationError } = errors;

/** Whether a GraphQL error is answered with a 4xx status: the request's fault, not the server's. */
const isClientError = (error: GraphQLError) => {
  const status = (error.extensions?.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
};

const strapiCode = (name: string) =>
  `STRAPI_${name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase()}`;

/**
 * Strapi's GraphQL error formatter (@strapi/plugin-graphql's formatGraphqlError), the same codes
 * for the same errors, without its logging: Strapi logs an unexpected error only when it has own
 * enumerable properties (a database error does, a TypeError or a GraphQL serialization error does
 * not), and without the operation. Internal errors are logged by internalErrorsApolloPlugin.
 */
export function strapiFormat(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error) as (Error & { details?: unknown }) | undefined;
  if (original instanceof GraphQLError && formatted.extensions?.code === INTERNAL && isClientError(original)) {
    // Apollo's own refusals of a request, sent with a 4xx but without a code (a persisted query's
    // hash that does not match its query), which Apollo then codes as internal errors.
    return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } };
  }
  if (!original || typeof original !== 'object' || original instanceof GraphQLError) return formatted;
  const withCode = (message: string, code: string): GraphQLFormattedError => ({
    ...formatted,
    message,
    extensions: { ...formatted.extensions, error: { name: original.name, message: original.message, details: original.details }, code },
  });
  const message = original.message ?? '';
  if (original instanceof ForbiddenError || original instanceof UnauthorizedError) return withCode(message, 'FORBIDDEN');
  if (original instanceof ValidationError) return withCode(message, 'BAD_USER_INPUT');
  if (original instanceof ApplicationError || original instanceof HttpError) return withCode(message, strapiCode(original.name ?? 'UNKNOWN'));
  return { message: 'Internal Server Error', ...(formatted.path ? { path: formatted.path } : {}), extensions: { code: INTERNAL } };
}
