import { execFile, execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { PostgresServer } from './database';
import { freePort } from './strapi';

const DEBIAN_POSTGRES = '/usr/lib/postgresql';

/** The newest installed server's bin folder (`/usr/lib/postgresql/<version>/bin`), else `pg_config --bindir`. */
export function postgresBinDir(): string {
  const versions = fs.existsSync(DEBIAN_POSTGRES)
    ? fs
        .readdirSync(DEBIAN_POSTGRES)
        .filter((version) => fs.existsSync(path.join(DEBIAN_POSTGRES, version, 'bin', 'pg_ctl')))
        .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    : [];
  if (versions.length) return path.join(DEBIAN_POSTGRES, versions[0], 'bin');
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    if (fs.existsSync(path.join(dir, 'pg_ctl'))) return dir;
  } catch {
    // no pg_config either
  }
  throw new Error(`No PostgreSQL server binaries (initdb, pg_ctl) found in ${DEBIAN_POSTGRES}/*/bin or by pg_config: install the server package (apt-get install postgresql).`);
}

type Run = { code: number; output: string };

function run(file: string, args: string[], timeoutMs = 60000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { timeout: timeoutMs, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}`.trim() });
    });
  });
}

/**
 * A PostgreSQL cluster of a test's own: initdb into a temporary folder, a free port on 127.0.0.1,
 * trust authentication for `postgres`, started and stopped with the installed server's pg_ctl. As
 * root (initdb and pg_ctl refuse to run as root) they run as the `postgres` user, which owns the
 * folder. `destroy()` stops the server however it is and removes the folder.
 */
export class PostgresCluster {
  private constructor(
    readonly binDir: string,
    readonly root: string,
    readonly port: number,
    private readonly runAs: string | null
  ) {}

  readonly host = '127.0.0.1';
  get dataDir() {
    return path.join(this.root, 'data');
  }
  get logFile() {
    return path.join(this.root, 'server.log');
  }
  /** Where the app and createTestDatabase connect. */
  get server(): PostgresServer {
    return { host: this.host, port: this.port, user: 'postgres', password: '' };
  }

  /** initdb and a first start; removes what it made when either fails. */
  static async create(): Promise<PostgresCluster> {
    const binDir = postgresBinDir();
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'lpc-pg-'));
    const runAs = process.getuid?.() === 0 ? 'postgres' : null;
    if (runAs) {
      const uid = Number(execFileSync('id', ['-u', runAs], { encoding: 'utf8' }));
      const gid = Number(execFileSync('id', ['-g', runAs], { encoding: 'utf8' }));
      fs.chownSync(root, uid, gid);
    }
    const cluster = new PostgresCluster(binDir, root, await freePort(), runAs);
    try {
      await cluster.pg('initdb', ['-D', cluster.dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
      await cluster.start();
    } catch (error) {
      await cluster.destroy();
      throw error;
    }
    return cluster;
  }

  /** Runs one of the server's programs (as `postgres` when we are root); fails with its output. */
  private async pg(program: string, args: string[], timeoutMs = 60000): Promise<string> {
    const binary = path.join(this.binDir, program);
    const { code, output } = this.runAs ? await run('runuser', ['-u', this.runAs, '--', binary, ...args], timeoutMs) : await run(binary, args, timeoutMs);
    if (code !== 0) throw new Error(`${program} ${args.join(' ')} failed (exit ${code}):\n${output}\n${this.serverLog()}`);
    return output;
  }

  private serverLog(): string {
    try {
      return `server log (${this.logFile}):\n${fs.readFileSync(this.logFile, 'utf8').slice(-3000)}`;
    } catch {
      return '';
    }
  }

  /** pg_ctl start, waiting until the server accepts connections. */
  async start(): Promise<void> {
    // Only TCP on 127.0.0.1 and a socket in the cluster's own folder; no durability needed in a test.
    const options = `-p ${this.port} -c listen_addresses=${this.host} -c unix_socket_directories=${this.root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    await this.pg('pg_ctl', ['-D', this.dataDir, '-l', this.logFile, '-o', options, '-w', '-t', '60', 'start'], 90000);
  }

  /** pg_ctl stop (fast: open sessions are ended, as a restart or failover does), waiting until it is down. */
  async stop(mode: 'smart' | 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '60', 'stop'], 90000);
  }

  /** Whether the server accepts connections now (pg_isready exits 0). */
  async isReady(): Promise<boolean> {
    const { code } = await run(path.join(this.binDir, 'pg_isready'), ['-h', this.host, '-p', String(this.port), '-t', '1'], 5000);
    return code === 0;
  }

  /** The postmaster's pid while its pid file exists. */
  private postmasterPid(): number | null {
    try {
      const pid = Number(fs.readFileSync(path.join(this.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      return Number.isInteger(pid) && pid > 0 ? pid : null;
    } catch {
      return null;
    }
  }

  /** Stops the server (pg_ctl stop -m immediate, else SIGQUIT/SIGKILL to its postmaster) and removes the folder. */
  async destroy(): Promise<void> {
    const pid = this.postmasterPid();
    if (pid !== null && fs.existsSync(path.join(this.dataDir, 'postmaster.pid'))) {
      await this.stop('immediate').catch(() => undefined);
      if (alive(pid) && this.postmasterPid() === pid) {
        signal(pid, 'SIGQUIT');
        const deadline = Date.now() + 10000;
        while (alive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
        if (alive(pid)) signal(pid, 'SIGKILL');
      }
    }
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}
