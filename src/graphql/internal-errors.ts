import type { ApolloServerPlugin } from '@apollo/server';

/**
 * Strapi's GraphQL error formatter answers an unexpected error (a database failure, a bug) with
 * the message "Internal Server Error" but copies the original error's name, message and details
 * into `extensions.error`: a database error's text, with table names and SQL, would reach the
 * client. This plugin sends such errors as the message and code only; the full error is in the
 * server's log, where Strapi's formatter has written it.
 */
export const internalErrorsApolloPlugin: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async willSendResponse({ response }) {
        if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
        response.body.singleResult.errors = response.body.singleResult.errors.map((error) =>
          error.extensions?.code === 'INTERNAL_SERVER_ERROR'
            ? { message: 'Internal Server Error', ...(error.path ? { path: error.path } : {}), extensions: { code: 'INTERNAL_SERVER_ERROR' } }
            : error
        );
      },
    };
  },
};
