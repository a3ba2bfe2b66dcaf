import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, type ASTVisitor, type ValidationContext, type ValueNode } from 'graphql';
import { jsonShape } from '../content-api/query-rules';

const message = (maxDepth: number, where: string) => `${where} nests objects and lists deeper than ${maxDepth} levels: simplify the filter`;

/** How deeply an argument's literal value nests objects and lists, counted without recursion up to `limit + 1`. */
function literalDepth(value: ValueNode, limit: number): number {
  let deepest = 0;
  const stack: Array<[ValueNode, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node.kind !== Kind.OBJECT && node.kind !== Kind.LIST) continue;
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
    const children = node.kind === Kind.OBJECT ? node.fields.map((field) => field.value) : node.values;
    for (const child of children) stack.push([child, depth + 1]);
  }
  return deepest;
}

/**
 * Depth, alias and cost limits count fields, not the nesting inside an argument: a `filters`
 * argument 600 `and`s deep passes them all and then costs every later step (coercion, Strapi's
 * filter walks, SQL) time that grows with the square of its depth. This validation rule refuses an
 * argument literal nested deeper than `maxDepth` before anything executes.
 */
export function maxInputDepthRule(maxDepth: number) {
  return (context: ValidationContext): ASTVisitor => ({
    Argument(node) {
      if (literalDepth(node.value, maxDepth) > maxDepth) {
        context.reportError(new GraphQLError(message(maxDepth, `The argument "${node.name.value}"`), { nodes: [node], extensions: { code: 'BAD_USER_INPUT' } }));
        return false;
      }
      return undefined;
    },
  });
}

/** The same limit for values sent as variables, checked once the operation is known and before it runs. */
export function maxVariableDepthPlugin(maxDepth: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request }) {
          for (const [name, value] of Object.entries(request.variables ?? {})) {
            if (jsonShape(value, { maxDepth, maxSize: Infinity }).exceeds) {
              throw new GraphQLError(message(maxDepth, `The variable "$${name}"`), { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
            }
          }
        },
      };
    },
  };
}
