// @ts-check
/** Responses and errors: what an answer is, and error counts by kind. (npm run loadtest: scripts/loadtest.js) */
/** An editor's save or publish: the admin waits longer than a reader would. */
const EDITOR_TIMEOUT_SECONDS = 60;

/** How long a reader waits for an answer. */
const REQUEST_TIMEOUT_SECONDS = 10;

/**
 * What a response is: `ok`, or the kind of error. A 2xx body must be a JSON object; one that
 * holds a top-level "errors" member is a GraphQL error. Only a body in which the characters
 * `"errors"` occur can hold that member (inside a JSON string they would be escaped), so only
 * such bodies are parsed: every body is checked without parsing every list.
 * @param {number} status @param {string} body @returns {'ok' | 'non2xx' | 'graphql' | 'invalid'}
 */
function classify(status, body) {
  if (status < 200 || status > 299) return 'non2xx';
  const text = body.trim();
  if (!text.startsWith('{') || !text.endsWith('}')) return 'invalid';
  if (!text.includes('"errors"')) return 'ok';
  try {
    const parsed = JSON.parse(text);
    return parsed.errors ? 'graphql' : 'ok';
  } catch {
    return 'invalid';
  }
}

/** The error kind of each outcome of classify() but `ok`. */
const ERROR_KINDS = { non2xx: 'non2xx', graphql: 'graphql', invalid: 'invalidBody' };

/** Error counts by kind, with the first few examples. */
class ErrorTally {
  constructor() {
    /** @type {Record<string, number>} */
    this.byKind = { non2xx: 0, timeout: 0, socket: 0, graphql: 0, invalidBody: 0, editor: 0 };
    /** @type {string[]} */
    this.examples = [];
  }
  /** Counts an error of `kind`, keeping the first three examples of each kind. @param {string} kind @param {string} example */
  add(kind, example) {
    this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
    if (this.byKind[kind] <= 3) this.examples.push(`${kind}: ${example.slice(0, 300)}`);
  }
  total() {
    return Object.values(this.byKind).reduce((sum, count) => sum + count, 0);
  }
}

module.exports = { EDITOR_TIMEOUT_SECONDS, REQUEST_TIMEOUT_SECONDS, ERROR_KINDS, ErrorTally, classify };
