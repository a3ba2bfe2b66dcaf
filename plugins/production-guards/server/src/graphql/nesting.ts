/**
 * How deeply a GraphQL document's text nests braces, brackets and parentheses (outside strings and
 * comments), up to `limit + 1`: a linear scan that needs no parse, so a document nested thousands
 * of levels deep is refused before graphql-js builds (and every validation rule walks) its tree.
 */
export function textNestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (char === '#') {
      while (i < text.length && text[i] !== '\n') i += 1;
    } else if (char === '"') {
      if (text.startsWith('"""', i)) {
        const end = text.indexOf('"""', i + 3);
        i = end === -1 ? text.length : end + 2;
      } else {
        for (i += 1; i < text.length && text[i] !== '"' && text[i] !== '\n'; i += 1) if (text[i] === '\\') i += 1;
      }
    } else if (char === '{' || char === '[' || char === '(') {
      depth += 1;
      if (depth > deepest && (deepest = depth) > limit) return deepest;
    } else if (char === '}' || char === ']' || char === ')') {
      depth -= 1;
    }
  }
  return deepest;
}
