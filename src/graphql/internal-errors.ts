import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { INTERNAL, strapiFormat } from '../internals/graphql-error-format';

/**
 * A message without graphql-js's suggestions (` Did you mean "title"?`, ` Did you mean the enum
 * value "DRAFT"?`, for fields, arguments, types, enum values and input fields, in validation and
 * in variable coercion), and without GraphQL Armor's ` [Suggestion hidden]?` in their place. They
 * come last in a message.
 */
export function withoutSuggestions(message: string): string {
  for (const marker of [' Did you mean ', ' [Suggestion hidden]']) {
    const at = message.lastIndexOf(marker);
    if (at >= 0 && message.endsWith('?')) return message.slice(0, at);
  }
  return message;
}

/**
 * Apollo's formatError: Strapi's codes (BAD_USER_INPUT, FORBIDDEN, STRAPI_…, INTERNAL_SERVER_ERROR),
 * and with `hideSuggestions` (production) no "Did you mean …?" in any message: they name the
 * schema's fields, arguments, types and enum values to a prober.
 */
export function graphqlErrorFormatter({ hideSuggestions }: { hideSuggestions: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = strapiFormat(formatted, error);
    return hideSuggestions ? { ...result, message: withoutSuggestions(result.message) } : result;
  };
}

/** The original error of an Apollo error: a resolver's or a serializer's, not the GraphQLError around it. */
function originalOf(error: unknown): unknown {
  let current = unwrapResolverError(error);
  while (current instanceof GraphQLError && current.originalError && current.originalError !== current) current = current.originalError;
  return current;
}

const describe = (error: unknown): string =>
  error instanceof Error ? (error.stack && error.stack.includes(error.message) ? error.stack : `${error.name}: ${error.message}\n${error.stack ?? ''}`) : String(error);

/**
 * Every GraphQL error with the code INTERNAL_SERVER_ERROR is written to the server's log once,
 * as `[graphql] internal error in operation "<name>" at <path>: ` and the original error's message
 * and stack. The client gets the message "Internal Server Error" and the code only: Strapi's
 * formatter would copy the original error's name, message and details into `extensions.error`,
 * and a database error's text, with table names and SQL, would reach the client.
 */
export const internalErrorsApolloPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, errors: raw, operationName, request }) {
        if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
        const formatted = response.body.singleResult.errors;
        // Apollo formats the errors it met one by one, in order.
        const originals = raw && raw.length === formatted.length ? raw : undefined;
        response.body.singleResult.errors = formatted.map((error, index) => {
          if (error.extensions?.code !== INTERNAL) return error;
          const operation = operationName ?? request.operationName ?? null;
          const where = `${operation ? `operation "${operation}"` : 'an anonymous operation'}${error.path ? ` at ${error.path.join('.')}` : ''}`;
          const original = originals ? originalOf(originals[index]) : undefined;
          strapi.log.error(`[graphql] internal error in ${where}: ${original === undefined ? error.message : describe(original)}`);
          return { message: 'Internal Server Error', ...(error.path ? { path: error.path } : {}), extensions: { code: INTERNAL } };
        });
      },
    };
  },
};
