import { GraphQLError, type ASTVisitor, type ValidationContext, type ValidationRule } from 'graphql';

/**
 * A validation rule that cannot crash the request: an exception inside it (GraphQL Armor's cost
 * analysis recurses without end on a fragment cycle, before graphql-js's own NoFragmentCycles
 * rule has reported it) becomes a validation error, so the client gets a 400 instead of a 500.
 */
export function safeValidationRule(rule: ValidationRule): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    let failed = false;
    const guard =
      <A extends unknown[], R>(fn: (...args: A) => R) =>
      (...args: A): R | false | undefined => {
        if (failed) return undefined;
        try {
          return fn(...args);
        } catch (error) {
          failed = true;
          context.reportError(new GraphQLError(`The query could not be analysed: ${(error as Error).message}`));
          return false;
        }
      };
    let visitor: ASTVisitor;
    try {
      visitor = rule(context);
    } catch (error) {
      context.reportError(new GraphQLError(`The query could not be analysed: ${(error as Error).message}`));
      return {};
    }
    const safe: Record<string, unknown> = {};
    for (const [kind, handler] of Object.entries(visitor as Record<string, unknown>)) {
      if (typeof handler === 'function') safe[kind] = guard(handler as (...args: unknown[]) => unknown);
      else if (handler && typeof handler === 'object') {
        const { enter, leave } = handler as { enter?: (...args: unknown[]) => unknown; leave?: (...args: unknown[]) => unknown };
        safe[kind] = { ...(enter ? { enter: guard(enter) } : {}), ...(leave ? { leave: guard(leave) } : {}) };
      }
    }
    return safe as ASTVisitor;
  };
}
