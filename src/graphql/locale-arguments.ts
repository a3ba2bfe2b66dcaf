import type { Core } from '@strapi/strapi';
import {
  getNamedType,
  getVariableValues,
  GraphQLError,
  isInputObjectType,
  isListType,
  isNonNullType,
  TypeInfo,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
  Kind,
  type ASTNode,
  type DocumentNode,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { namesOneLocale, siteLocaleCodes, unknownLocaleMessage } from '../content-api/site-locales';

/** The GraphQL scalar of locale codes (i18n's). */
const LOCALE_SCALAR = 'I18NLocaleCode';

/** A locale argument: where it was given (`locale`, `search.fallbackLocales`) and its value. */
export type LocaleValue = { where: string; code: unknown };

/** Every value of type I18NLocaleCode in `value` (of `type`), inside lists and input objects. */
function localeValues(type: GraphQLInputType, value: unknown, where: string, found: LocaleValue[]): void {
  if (value === null || value === undefined) return;
  if (isNonNullType(type)) return localeValues(type.ofType, value, where, found);
  if (isListType(type)) {
    for (const item of Array.isArray(value) ? value : [value]) localeValues(type.ofType, item, where, found);
    return;
  }
  if (getNamedType(type).name === LOCALE_SCALAR) {
    found.push({ where, code: value });
    return;
  }
  if (!isInputObjectType(type) || typeof value !== 'object') return;
  const fields = type.getFields();
  for (const [name, fieldValue] of Object.entries(value as Record<string, unknown>)) {
    if (fields[name]) localeValues(fields[name].type, fieldValue, `${where}.${name}`, found);
  }
}

/** The names of the fragments `operation` spreads, directly or through other fragments. */
function usedFragments(document: DocumentNode, operation: OperationDefinitionNode): Set<string> {
  const fragments = new Map(document.definitions.filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION).map((fragment) => [fragment.name.value, fragment]));
  const used = new Set<string>();
  const pending: ASTNode[] = [operation];
  while (pending.length > 0) {
    visit(pending.pop()!, {
      FragmentSpread(spread) {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !used.has(spread.name.value)) {
          used.add(spread.name.value);
          pending.push(fragment);
        }
      },
    });
  }
  return used;
}

/**
 * The locale codes an operation passes, inline or as variables (with their defaults), in any
 * argument or input field typed I18NLocaleCode. Fragments are walked too.
 */
export function operationLocales(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode, given: Record<string, unknown>): LocaleValue[] {
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], given);
  const variables = coerced.coerced ? { ...given, ...coerced.coerced } : given;
  const found: LocaleValue[] = [];
  const typeInfo = new TypeInfo(schema);
  const fieldNames: string[] = [];
  const used = usedFragments(document, operation);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition: (node) => (node === operation ? undefined : false),
      FragmentDefinition: (node) => (used.has(node.name.value) ? undefined : false),
      Field: {
        enter: (node) => void fieldNames.push(node.name.value),
        leave: () => void fieldNames.pop(),
      },
      Argument(node) {
        const argument = typeInfo.getArgument();
        if (!argument) return;
        const where = fieldNames.length > 0 ? `${fieldNames[fieldNames.length - 1]}(${node.name.value})` : node.name.value;
        localeValues(argument.type, valueFromASTUntyped(node.value, variables), where, found);
      },
    })
  );
  return found;
}

type RequestContext = { schema: GraphQLSchema; document?: DocumentNode; operation?: OperationDefinitionNode; request: { variables?: Record<string, unknown> } };

/**
 * Apollo plugin: an operation that names a locale this site does not have is refused with
 * BAD_USER_INPUT before it runs, wherever the code is: inline (i18n's scalar only checks inline
 * codes against every ISO code, so `"fr"` passed and `"dk"` did not), in a variable (i18n's scalar
 * lets any string through, and the query answered `[]`), in a list of fallback locales.
 */
export function localeArgumentsApolloPlugin(strapi: () => Core.Strapi) {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }: RequestContext) {
          if (!document || !operation) return;
          const values = operationLocales(schema, document, operation, request.variables ?? {}).filter(({ code }) => namesOneLocale(code));
          if (values.length === 0) return;
          const known = await siteLocaleCodes(strapi())();
          const unknown = values.find(({ code }) => !known.includes(code as string));
          if (unknown) {
            throw new GraphQLError(unknownLocaleMessage(unknown.where, unknown.code, known), { extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
          }
        },
      };
    },
  };
}
