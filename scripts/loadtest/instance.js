// @ts-check
/** The instance under load: Redis keys, memory, GraphQL requests. (npm run loadtest: scripts/loadtest.js) */
const fs = require('fs');
const { classify } = require('./responses');

/** Removes this run's keys from Redis. @param {string} url @param {string} prefix */
async function removeRedisKeys(url, prefix) {
  const Redis = require('ioredis').default;
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    let removed = 0;
    do {
      const [nextCursor, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) removed += await redis.unlink(...keys);
      cursor = nextCursor;
    } while (cursor !== '0');
    return removed;
  } finally {
    redis.disconnect();
  }
}

/** Resident set size of a process from /proc/<pid>/status (VmRSS), in bytes; null where there is no /proc. @param {number} pid */
function rssOf(pid) {
  try {
    const match = fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmRSS:\s+(\d+)\s+kB/m);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * The app process's memory: its resident set size as the system sees it (VmRSS, or the process's
 * own count where there is no /proc), then the V8 heap in use after a full garbage collection
 * (live objects: what a leak would grow).
 * @param {import('../lib/server').AppProcess} app
 */
async function appMemory(app) {
  const rss = rssOf(app.pid); // first: the collection below would change it for a while
  const usage = await app.memory();
  return { rssMb: mb(rss ?? usage.rss), heapUsedMb: mb(usage.heapUsed), heapTotalMb: mb(usage.heapTotal), externalMb: mb(usage.external) };
}

const mb = (/** @type {number} */ bytes) => Math.round((bytes / 1048576) * 10) / 10;
const percent = (/** @type {number} */ from, /** @type {number} */ to) => Math.round(((to - from) / from) * 1000) / 10;

/** @param {string} url @param {string} body */
async function graphql(url, body) {
  const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await response.text();
  const kind = classify(response.status, text);
  if (kind !== 'ok') throw new Error(`GraphQL request failed (${kind}, HTTP ${response.status}): ${text.slice(0, 500)}\nRequest: ${body.slice(0, 300)}`);
  return JSON.parse(text).data;
}

module.exports = { appMemory, graphql, mb, percent, removeRedisKeys, rssOf };
