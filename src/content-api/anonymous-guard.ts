import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { GraphQLError, Kind, visit, type DocumentNode, type OperationDefinitionNode, type ValueNode } from 'graphql';

/**
 * Anonymous readers get published content and nothing else. Permissions already keep the public
 * role to `find`/`findOne`, but two doors stay open in stock Strapi: any reader may ask for
 * `status: DRAFT`, and users-permissions' GraphQL mutations (register, login, forgotPassword...)
 * skip permissions altogether. This module closes both.
 */
export const DRAFTS_FORBIDDEN_MESSAGE = 'Drafts are not available to anonymous readers: only published content is served (remove status: DRAFT).';
export const MUTATIONS_FORBIDDEN_MESSAGE = 'Anonymous readers cannot run mutations: this API is read-only for them.';

type Auth = { strategy?: { name?: string }; credentials?: unknown } | undefined;

export function isAnonymous(auth: Auth): boolean {
  return !auth?.credentials;
}

/** Strapi's names for the API-token strategy (5.x releases renamed it). */
const API_TOKEN_STRATEGIES = new Set(['content-api-token', 'api-token']);

/** Only an API token, which an admin creates on purpose (for preview), may read drafts. */
export function mayReadDrafts(auth: Auth): boolean {
  return API_TOKEN_STRATEGIES.has(auth?.strategy?.name ?? '') && !isAnonymous(auth);
}

/** True when any `status` argument of the document (root field or relation) asks for DRAFT. */
export function requestsDrafts(document: DocumentNode, variables: Record<string, unknown> = {}): boolean {
  const defaults = new Map<string, ValueNode>();
  visit(document, {
    VariableDefinition(node) {
      if (node.defaultValue) defaults.set(node.variable.name.value, node.defaultValue);
    },
  });
  const isDraft = (value: ValueNode): boolean => {
    if (value.kind === Kind.ENUM || value.kind === Kind.STRING) return value.value.toUpperCase() === 'DRAFT';
    if (value.kind === Kind.VARIABLE) {
      const name = value.name.value;
      if (name in variables) return String(variables[name]).toUpperCase() === 'DRAFT';
      const fallback = defaults.get(name);
      return fallback ? isDraft(fallback) : false;
    }
    return false;
  };
  let found = false;
  visit(document, {
    Argument(node) {
      if (node.name.value === 'status' && isDraft(node.value)) found = true;
    },
  });
  return found;
}

/** Why an operation is refused for this caller, or null when it may run (permissions still apply). */
export function refusalFor(operation: Pick<OperationDefinitionNode, 'operation'>, document: DocumentNode, variables: Record<string, unknown>, auth: Auth): string | null {
  if (operation.operation === 'mutation' && isAnonymous(auth)) return MUTATIONS_FORBIDDEN_MESSAGE;
  if (!mayReadDrafts(auth) && requestsDrafts(document, variables)) return DRAFTS_FORBIDDEN_MESSAGE;
  return null;
}

type GraphQLRequestContext = {
  document?: DocumentNode;
  operation?: OperationDefinitionNode;
  request: { variables?: Record<string, unknown> };
  contextValue: { state?: { auth?: Auth } };
};

/** Apollo plugin: applies `refusalFor` after parsing and validation, before anything executes. */
export const anonymousGuardApolloPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, operation, request, contextValue }: GraphQLRequestContext) {
        if (!document || !operation) return;
        const refusal = refusalFor(operation, document, request.variables ?? {}, contextValue.state?.auth);
        if (refusal) throw new GraphQLError(refusal, { extensions: { code: 'FORBIDDEN', http: { status: 403 } } });
      },
    };
  },
};

/** The Document Service actions that read. */
export const READ_ACTIONS = new Set(['findMany', 'findFirst', 'findOne', 'count']);

/**
 * Document Service middleware: no drafts for REST readers without draft rights either. Strapi reads
 * drafts for any `status` other than exactly `published` (`DRAFT`, `Draft`, an array, an empty
 * string, an operator object), so anything else is refused on a content API route.
 */
export function registerDraftGuard(strapi: Core.Strapi): void {
  strapi.documents.use(async (context, next) => {
    const params = context.params as { status?: unknown } | undefined;
    if (READ_ACTIONS.has(context.action) && params?.status !== undefined && params.status !== null && params.status !== 'published') {
      const ctx = strapi.requestContext.get() as { state?: { route?: { info?: { type?: string } }; auth?: Auth } } | undefined;
      if (ctx?.state?.route?.info?.type === 'content-api' && !mayReadDrafts(ctx.state.auth)) {
        throw new errors.ForbiddenError(DRAFTS_FORBIDDEN_MESSAGE);
      }
    }
    return next();
  });
}
