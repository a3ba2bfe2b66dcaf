// @ts-check
/** The editor and stale reads: the editor's publishes, the checkers, the connection probe. (npm run loadtest: scripts/loadtest.js) */
const { spread } = require('../lib/figures');
const { EDITOR_TIMEOUT_SECONDS, ERROR_KINDS, REQUEST_TIMEOUT_SECONDS, classify } = require('./responses');
/** @typedef {import('./responses').ErrorTally} ErrorTally */

/** Checker loops querying the edited story at the same time. */
const CHECKERS = 2;

/**
 * The editor's publishes, in order: each title's counter, and when each publish returned.
 * `latestBefore(t)` is the newest version whose publish had returned by `t`: any answer to a
 * request started at `t` must show that version or a newer one.
 */
class Versions {
  /** @param {string} originalTitle */
  constructor(originalTitle) {
    /** @type {Map<string, number>} */
    this.numbers = new Map([[originalTitle, 0]]);
    /** @type {Array<{ n: number, title: string, returnedAt: number, saveMs: number, publishMs: number }>} */
    this.published = [];
  }
  /** @param {number} time a performance.now() */
  latestBefore(time) {
    for (let i = this.published.length - 1; i >= 0; i -= 1) {
      if (this.published[i].returnedAt <= time) return this.published[i].n;
    }
    return 0;
  }
}

/** Counts stale reads of the edited story: answers older than the last publish that returned before the request started. */
class StaleReads {
  /** @param {Versions} versions @param {ErrorTally} errors */
  constructor(versions, errors) {
    this.versions = versions;
    this.errors = errors;
    this.checks = { checker: 0, readers: 0 };
    this.stale = { checker: 0, readers: 0 };
    /** @type {Array<{ by: string, shown: number, expected: number, msAfterPublish: number }>} */
    this.examples = [];
  }
  /** @param {'checker' | 'readers'} by @param {number} startedAt @param {string} body */
  check(by, startedAt, body) {
    let title;
    try {
      title = JSON.parse(body).data?.caseStoryBySlug?.title;
    } catch {
      return; // counted by classify()
    }
    const shown = this.versions.numbers.get(title);
    if (shown === undefined) {
      this.errors.add('invalidBody', `${by}: the edited story came back with a title the editor never gave it: ${JSON.stringify(title)}`);
      return;
    }
    this.checks[by] += 1;
    const expected = this.versions.latestBefore(startedAt);
    if (shown < expected) {
      this.stale[by] += 1;
      const returnedAt = this.versions.published.find((version) => version.n === expected)?.returnedAt ?? startedAt;
      if (this.examples.length < 10) this.examples.push({ by, shown, expected, msAfterPublish: Math.round(startedAt - returnedAt) });
    }
  }
  total() {
    return this.stale.checker + this.stale.readers;
  }
}

/**
 * Every `everyMs` (from the start of one publish to the next, or at once when a publish took
 * longer), saves a new Danish title with a counter and publishes it, as an editor in the admin does.
 * @param {{ url: string, token: string, documentId: string, originalTitle: string, everyMs: number, versions: Versions, errors: ErrorTally }} settings
 */
function startEditor({ url, token, documentId, originalTitle, everyMs, versions, errors }) {
  const base = `${url}/content-manager/collection-types/api::case-story.case-story/${documentId}`;
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  /** The request under way, aborted by stop(): the run ends without waiting for a slow save. */
  let current = new AbortController();
  /** @param {string} method @param {string} target @param {unknown} body */
  const send = async (method, target, body) => {
    current = new AbortController();
    const timer = setTimeout(() => current.abort(new Error(`${method} ${target.replace(url, '')}: no answer within ${EDITOR_TIMEOUT_SECONDS} s`)), EDITOR_TIMEOUT_SECONDS * 1000);
    try {
      const response = await fetch(target, { method, headers, body: JSON.stringify(body), signal: current.signal });
      const text = await response.text();
      if (response.status !== 200) throw new Error(`${method} ${target.replace(url, '')}: HTTP ${response.status} ${text.slice(0, 200)}`);
    } finally {
      clearTimeout(timer);
    }
  };
  let stopped = false;
  let attempts = 0;
  /** Ends the wait for the next publish early, on stop(). */
  let wake = () => undefined;
  const loop = (async () => {
    while (!stopped) {
      const started = performance.now();
      attempts += 1;
      const n = attempts;
      const title = `${originalTitle} (${n})`;
      versions.numbers.set(title, n); // before the save: a reader may see it before the publish returns
      try {
        await send('PUT', `${base}?locale=da`, { title });
        const saved = performance.now();
        await send('POST', `${base}/actions/publish?locale=da`, {});
        const returnedAt = performance.now();
        versions.published.push({ n, title, returnedAt, saveMs: saved - started, publishMs: returnedAt - saved });
      } catch (error) {
        if (!stopped) errors.add('editor', /** @type {Error} */ (error).message);
      }
      const wait = started + everyMs - performance.now();
      if (wait > 0 && !stopped) {
        await new Promise((resolve) => {
          const timer = setTimeout(resolve, wait);
          wake = () => {
            clearTimeout(timer);
            resolve(undefined);
          };
        });
      }
    }
  })();
  return {
    attempts: () => attempts,
    /** Stops, abandoning a save or publish under way (its version does not count). */
    stop: async () => {
      stopped = true;
      wake();
      current.abort(new Error('the run is over'));
      await loop;
    },
  };
}

/**
 * Sends the edited story's page query (the readers' request) again and again in `CHECKERS` loops,
 * checking each answer for errors and stale titles.
 * @param {{ url: string, body: string, stale: StaleReads, errors: ErrorTally }} settings
 */
function startChecker({ url, body, stale, errors }) {
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      const startedAt = performance.now();
      try {
        const response = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_SECONDS * 1000),
        });
        const text = await response.text();
        const kind = classify(response.status, text);
        if (kind === 'ok') stale.check('checker', startedAt, text);
        else errors.add(ERROR_KINDS[kind], `checker: HTTP ${response.status} ${text}`);
      } catch (error) {
        const timedOut = /** @type {Error} */ (error).name === 'TimeoutError';
        errors.add(timedOut ? 'timeout' : 'socket', `checker: ${timedOut ? `no answer within ${REQUEST_TIMEOUT_SECONDS} s` : /** @type {Error} */ (error).message}`);
      }
    }
  };
  const loops = Array.from({ length: CHECKERS }, loop);
  return {
    stop: async () => {
      stopped = true;
      await Promise.all(loops);
    },
  };
}

/** A new connection is probed this often. */
const PROBE_EVERY_MS = 500;
/** The listening socket's accept queue is sampled this often. */
const ACCEPT_QUEUE_EVERY_MS = 250;

/**
 * Tells an unaccepted connection from a slow answer. Every PROBE_EVERY_MS a new connection (no
 * keep-alive) asks for /_health, which reads nothing: the time to its answer is the time a new
 * connection waits to be accepted and read, plus a few milliseconds of the app's. Every
 * ACCEPT_QUEUE_EVERY_MS the listening socket's accept queue (connections the kernel completed and
 * the app has not accepted: `ss`'s Recv-Q of the LISTEN socket) is sampled.
 * @param {{ url: string, errors: ErrorTally }} settings
 */
function startConnectionProbe({ url, errors }) {
  const http = require('http');
  const { execFile } = require('child_process');
  const port = Number(new URL(url).port);
  /** @type {{ newConnectionMs: number[], acceptQueue: number[], queueSampling: boolean }} */
  const sink = { newConnectionMs: [], acceptQueue: [], queueSampling: true };
  let stopped = false;
  /** @type {Set<Promise<void>>} */
  const pending = new Set();
  const probe = () => {
    const startedAt = performance.now();
    const done = new Promise((resolve) => {
      const request = http.get(`${url}/_health`, { agent: false, timeout: REQUEST_TIMEOUT_SECONDS * 1000 }, (response) => {
        sink.newConnectionMs.push(performance.now() - startedAt);
        response.resume();
        response.on('end', () => resolve(undefined));
        response.on('error', () => resolve(undefined));
      });
      request.on('timeout', () => {
        if (!stopped) errors.add('timeout', `new connection: /_health not answered within ${REQUEST_TIMEOUT_SECONDS} s`);
        request.destroy();
      });
      request.on('error', (error) => {
        if (!stopped && !request.destroyed) errors.add('socket', `new connection: ${error.message}`);
        resolve(undefined);
      });
      request.on('close', () => resolve(undefined));
    }).then(() => {
      pending.delete(done);
    });
    pending.add(done);
  };
  const sampleQueue = () => {
    // -H: no header; -l: listening sockets; -t: TCP; -n: numeric. Recv-Q of a LISTEN socket is its accept queue.
    execFile('ss', ['-Hltn', `sport = :${port}`], { timeout: 2000 }, (error, stdout) => {
      if (error) {
        sink.queueSampling = false; // no `ss` (iproute2) here: the figure is reported as unknown
        return;
      }
      const [, recvQ] = stdout.trim().split(/\s+/);
      if (recvQ !== undefined && /^\d+$/.test(recvQ)) sink.acceptQueue.push(Number(recvQ));
    });
  };
  const probes = setInterval(probe, PROBE_EVERY_MS);
  const samples = setInterval(() => sink.queueSampling && sampleQueue(), ACCEPT_QUEUE_EVERY_MS);
  return {
    /** The figures since the last call (each phase reads its own). */
    take: () => {
      const { newConnectionMs, acceptQueue, queueSampling } = sink;
      sink.newConnectionMs = [];
      sink.acceptQueue = [];
      return {
        newConnectionMs: { probes: newConnectionMs.length, ...spread(newConnectionMs) },
        acceptQueue:
          queueSampling && acceptQueue.length
            ? { samples: acceptQueue.length, mean: Math.round((acceptQueue.reduce((sum, value) => sum + value, 0) / acceptQueue.length) * 10) / 10, max: Math.max(...acceptQueue) }
            : null,
      };
    },
    stop: async () => {
      stopped = true;
      clearInterval(probes);
      clearInterval(samples);
      await Promise.all(pending);
    },
  };
}

module.exports = { ACCEPT_QUEUE_EVERY_MS, PROBE_EVERY_MS, StaleReads, Versions, startChecker, startConnectionProbe, startEditor };
