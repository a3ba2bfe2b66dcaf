import { BREAK, parse, visit } from 'graphql';

export const NUL = '\u0000';
/** A NUL as a URL escape (`%00`). */
export const NUL_IN_URL = /%00/;
/** A NUL as a JSON or GraphQL string escape (`\u0000`, GraphQL's `\u{0}`): a cheap test before parsing. */
export const NUL_ESCAPE = /\\u(?:0000|\{0+\})/;

const printable = (text: string) => text.split(NUL).join('\\u0000');

/**
 * Where a NUL character is in a parsed value, a key or a string at any depth: its path (`a.b.0`,
 * empty for the value itself), or null when there is none. Walks with a stack of its own, so a
 * deeply nested body cannot overflow the call stack.
 */
export function nulPath(value: unknown): string | null {
  const stack: Array<{ value: unknown; path: string }> = [{ value, path: '' }];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (typeof current.value === 'string') {
      if (current.value.includes(NUL)) return current.path;
      continue;
    }
    if (current.value === null || typeof current.value !== 'object' || Buffer.isBuffer(current.value)) continue;
    for (const [key, child] of Object.entries(current.value)) {
      const path = current.path ? `${current.path}.${printable(key)}` : printable(key);
      if (key.includes(NUL)) return path;
      stack.push({ value: child, path });
    }
  }
  return null;
}

/** Whether a GraphQL document holds a string literal with a NUL in it (written as `\u0000` or `\u{0}`). */
export function documentHasNul(query: string): boolean {
  if (!NUL_ESCAPE.test(query)) return false;
  let found = false;
  try {
    visit(parse(query, { noLocation: true }), {
      StringValue(node) {
        if (!node.value.includes(NUL)) return undefined;
        found = true;
        return BREAK;
      },
    });
  } catch {
    return false; // Apollo answers syntax errors with a 400 of its own
  }
  return found;
}
