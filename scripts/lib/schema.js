// @ts-check
/** The GraphQL schema a running instance serves, as sorted SDL (what schema.graphql holds). */
const { buildClientSchema, getIntrospectionQuery, lexicographicSortSchema, printSchema } = require('graphql');

/** @param {string} url the instance's base URL, e.g. http://127.0.0.1:1337 */
async function fetchSdl(url) {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: getIntrospectionQuery({ descriptions: true }) }),
  });
  const body = /** @type {{ data?: any, errors?: unknown }} */ (await response.json());
  if (!body.data) throw new Error(`Introspection failed (HTTP ${response.status}): ${JSON.stringify(body.errors)}`);
  return `${printSchema(lexicographicSortSchema(buildClientSchema(body.data)))}\n`;
}

module.exports = { fetchSdl };
