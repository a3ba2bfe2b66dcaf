import fs from 'fs';
import path from 'path';

/**
 * A use of another package's internals: a file that is not part of its public API (a `dist/` path)
 * or a member of its that is replaced. Each one names the package and version it was written
 * against, so that an upgrade finds them all here, and checks its shape when the plugin registers:
 * a missing file or member stops the boot with a message that says what and where, instead of
 * failing later inside a request.
 */
export type Internal = {
  /** What is used, in a few words. */
  readonly what: string;
  /** The package whose internals these are. */
  readonly packageName: string;
  /** The version of that package this code was written and tested against. */
  readonly writtenAgainst: string;
  /** This plugin's file that uses it. */
  readonly file: string;
};

export class InternalChangedError extends Error {
  constructor(internal: Internal, detail: string) {
    super(
      `graphql-acceleration: ${internal.packageName} ${installedVersion(internal.packageName) ?? '(not found)'} no longer has ${detail} ` +
        `(${internal.what}, written against ${internal.writtenAgainst}, internals/${internal.file}). ` +
        `Turn the plugin's batching off (config batching: false) or update internals/${internal.file}.`
    );
    this.name = 'InternalChangedError';
  }
}

/**
 * The directory a package is installed in (resolved from `from` when given): through its
 * package.json where the package exports it, else upwards from its main file.
 */
export function packageDir(packageName: string, from?: string): string {
  const options = from ? { paths: [from] } : undefined;
  try {
    return path.dirname(require.resolve(`${packageName}/package.json`, options));
  } catch {
    // not exported: found from the main file below
  }
  let dir = path.dirname(require.resolve(packageName, options));
  while (dir !== path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === packageName) return dir;
    dir = path.dirname(dir);
  }
  throw new Error(`graphql-acceleration: cannot find the directory of ${packageName}`);
}

/** The installed version of a package, read from its package.json on disk; undefined when it is not installed. */
export function installedVersion(packageName: string, from?: string): string | undefined {
  try {
    return (JSON.parse(fs.readFileSync(path.join(packageDir(packageName, from), 'package.json'), 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** Requires a file of a package's build by its path inside the package, or throws the internal's error. */
export function requireInternal<T>(internal: Internal, relativePath: string, from?: string): T {
  let file: string;
  try {
    file = path.join(packageDir(internal.packageName, from), relativePath);
  } catch {
    throw new InternalChangedError(internal, 'an installed copy');
  }
  if (!fs.existsSync(file)) throw new InternalChangedError(internal, relativePath);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as T;
}

/** `module.name` when it is a function, else the internal's error naming `where`. */
export function functionOf<F>(internal: Internal, module: unknown, name: string, where: string): F {
  const holder = module as Record<string, unknown> | null | undefined;
  const value = holder?.[name] ?? (holder?.default as Record<string, unknown> | undefined)?.[name];
  if (typeof value !== 'function') throw new InternalChangedError(internal, `${name}() in ${where}`);
  return value as F;
}
