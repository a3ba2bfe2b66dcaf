// @ts-check
/**
 * The compiled app in a child process of a script (the benchmark, the load test). `startApp(env)`
 * forks this file, which starts Strapi from dist/ and answers its parent over IPC: SQL statements
 * per request (counted from knex's query events), memory, event-loop delay, database connection
 * waits and holds, CPU profiles, stop.
 */
const { fork } = require('child_process');
const path = require('path');
const { freshSecrets } = require('../ensure-env');
const { ROOT } = require('./app');
const { spread } = require('./figures');

/**
 * What a script's production instance runs with: loopback, a free port, fresh secrets, no demo
 * content of its own, and `dir`/.env (which does not exist) instead of the developer's .env. The
 * per-address rate limit is off: the scripts measure capacity from one address.
 * @param {string} dir a temporary directory of the script's
 */
function productionEnv(dir) {
  return { NODE_ENV: 'production', HOST: '127.0.0.1', PORT: '0', ENV_PATH: path.join(dir, '.env'), SEED_DEMO_CONTENT: 'false', RATE_LIMIT: 'false', ...freshSecrets() };
}

/** The child: starts the app and answers the parent's messages. */
async function serve() {
  const { createStrapi } = require('@strapi/strapi');
  const app = createStrapi({ appDir: ROOT, distDir: path.join(ROOT, 'dist') });
  app.log.level = 'error';
  // Without its parent nobody stops this process: leave with it (a script stopped with Ctrl-C, say).
  process.on('disconnect', () => process.exit(1));
  await app.start();
  let statements = 0;
  /** @type {import('inspector').Session | null} */
  let profiler = null;
  app.db.connection.on('query', () => {
    statements += 1;
  });
  // How long callbacks wait for the event loop (a long synchronous turn delays every socket):
  // sampled every 10 ms from the start; 'loop-reset' starts a new measurement.
  const loopDelay = require('perf_hooks').monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  // How long requests wait for a database connection (the readers' turn and the pool together)
  // and how long they hold it (a statement, or a whole transaction), measured around knex's client.
  const connections = { waits: /** @type {number[]} */ ([]), holds: /** @type {number[]} */ ([]) };
  const client = /** @type {any} */ (app.db.connection).client;
  const acquire = client.acquireConnection.bind(client);
  const release = client.releaseConnection.bind(client);
  const heldSince = new WeakMap();
  client.acquireConnection = async () => {
    const asked = performance.now();
    const connection = await acquire();
    const now = performance.now();
    connections.waits.push(now - asked);
    heldSince.set(connection, now);
    return connection;
  };
  client.releaseConnection = (/** @type {object} */ connection) => {
    const since = heldSince.get(connection);
    if (since !== undefined) connections.holds.push(performance.now() - since);
    heldSince.delete(connection);
    return release(connection);
  };
  const send = (/** @type {unknown} */ message) => process.send?.(message);
  process.on('message', async (/** @type {string} */ message) => {
    if (message === 'reset') statements = 0;
    if (message === 'count') send({ statements });
    if (message === 'loop-reset') {
      loopDelay.reset();
      connections.waits = [];
      connections.holds = [];
    }
    if (message === 'connections') {
      const figures = (/** @type {number[]} */ values) => ({ count: values.length, ...spread(values, 1) });
      send({ connections: { waitMs: figures(connections.waits), heldMs: figures(connections.holds) } });
    }
    if (message === 'loop') {
      // The histogram counts the sampling resolution (10 ms) into every figure: it is taken off.
      const delay = (/** @type {number} */ ns) => Math.max(0, Math.round((ns / 1e6 - 10) * 10) / 10);
      send({
        loop: { samples: loopDelay.count, mean: loopDelay.count ? delay(loopDelay.mean) : 0, p50: delay(loopDelay.percentile(50)), p99: delay(loopDelay.percentile(99)), max: delay(loopDelay.max) },
      });
    }
    if (message === 'memory') {
      // After a full collection when the parent asked for one ({ gc: true }): live memory, not garbage.
      if (typeof global.gc === 'function') global.gc();
      send({ memory: process.memoryUsage() });
    }
    if (message === 'profile-start') {
      const session = new (require('inspector').Session)();
      profiler = session;
      session.connect();
      await new Promise((done) => session.post('Profiler.enable', () => session.post('Profiler.start', done)));
      send({ profiling: true });
    }
    if (message === 'profile-stop' && profiler) {
      const session = profiler;
      session.post('Profiler.stop', (/** @type {Error | null} */ error, /** @type {any} */ result) => {
        session.disconnect();
        send({ profile: error ? null : result.profile });
      });
      profiler = null;
    }
    if (message === 'stop') {
      await app.destroy();
      process.exit(0);
    }
  });
  send({ ready: true, port: /** @type {import('net').AddressInfo} */ (app.server.httpServer.address()).port });
}

/**
 * How long the app's event loop kept callbacks waiting (ms, the 10 ms sampling interval taken off).
 * @typedef {{ samples: number, mean: number, p50: number, p99: number, max: number }} LoopDelay
 */

/** @typedef {{ count: number, p50: number | null, p99: number | null, max: number | null }} Spread */

/**
 * @typedef {object} AppProcess
 * @property {string} url
 * @property {number} pid
 * @property {(request: () => Promise<unknown>) => Promise<number>} statements SQL statements the app ran during `request`
 * @property {() => Promise<void>} resetLoopDelay starts a new event-loop delay measurement
 * @property {() => Promise<LoopDelay>} loopDelay the event-loop delay since the start or the last resetLoopDelay()
 * @property {() => Promise<{ waitMs: Spread, heldMs: Spread }>} databaseConnections how long statements waited for a database connection and held it, since the last resetLoopDelay()
 * @property {() => Promise<NodeJS.MemoryUsage>} memory the app process's process.memoryUsage(), after a full garbage collection with `{ gc: true }`
 * @property {(work: () => Promise<unknown>) => Promise<any>} profile runs `work` with the app's CPU profiler on; resolves to the profile
 * @property {(listener: (code: number | null) => void) => void} onExit called when the app process ends before stop()
 * @property {() => Promise<void>} stop
 */

/**
 * Starts the app from dist/ in a child process with `env` added to this process's environment;
 * resolves once it listens. `gc`: memory() collects garbage first (node --expose-gc).
 * @param {NodeJS.ProcessEnv} env
 * @param {{ gc?: boolean }} [options]
 * @returns {Promise<AppProcess>}
 */
function startApp(env, { gc = false } = {}) {
  const child = fork(__filename, [], {
    env: { ...process.env, ...env },
    execArgv: gc ? [...process.execArgv, '--expose-gc'] : process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  /** @param {string} message @param {string} key @returns {Promise<any>} */
  const ask = (message, key) =>
    new Promise((resolve, reject) => {
      if (!child.connected) return reject(new Error('The app process has ended'));
      const listener = (/** @type {any} */ reply) => {
        if (key in reply) {
          child.off('message', listener);
          resolve(reply[key]);
        }
      };
      child.on('message', listener);
      child.send(message);
    });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`The app exited with code ${code} before it was ready`)));
    child.on('message', (/** @type {any} */ message) => {
      if (!message.ready) return;
      child.removeAllListeners('exit');
      resolve({
        url: `http://127.0.0.1:${message.port}`,
        pid: /** @type {number} */ (child.pid),
        statements: async (request) => {
          child.send('reset');
          await request();
          return ask('count', 'statements');
        },
        memory: () => ask('memory', 'memory'),
        resetLoopDelay: async () => {
          child.send('loop-reset');
        },
        loopDelay: () => ask('loop', 'loop'),
        databaseConnections: () => ask('connections', 'connections'),
        profile: async (work) => {
          await ask('profile-start', 'profiling');
          await work();
          return ask('profile-stop', 'profile');
        },
        onExit: (listener) => child.once('exit', listener),
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.removeAllListeners('exit');
            const timer = setTimeout(() => child.kill('SIGKILL'), 20000); // a destroy that hangs
            child.once('exit', () => {
              clearTimeout(timer);
              done();
            });
            child.send('stop');
          }),
      });
    });
  });
}

if (require.main === module) {
  serve().catch((error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  });
}

/**
 * Logs in to a started app's admin as `email` and returns the admin JWT (once per run: the admin
 * login is rate limited).
 * @param {string} url @param {string} email @param {string} password
 */
async function adminToken(url, email, password) {
  const response = await fetch(`${url}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const payload = /** @type {{ data?: { token?: string } }} */ (await response.json().catch(() => ({})));
  if (!payload.data?.token) throw new Error(`The admin login failed: HTTP ${response.status} ${JSON.stringify(payload).slice(0, 300)}`);
  return payload.data.token;
}

module.exports = { adminToken, productionEnv, startApp };
