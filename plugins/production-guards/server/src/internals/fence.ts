/**
 * A part of Strapi (or of a library under it) that is not public API, used by this plugin: a
 * member it replaces or reads. Each lives in a file of this folder with the version it was
 * written against; its accessor checks the shape when it is first used (at the start) and stops
 * the boot with InternalChangedError when an upgrade changed it, instead of failing later inside
 * a request. The plugin's configuration turns each guard that needs one off.
 */
export type Internal = {
  /** What is used, in a few words. */
  readonly what: string;
  readonly packageName: string;
  readonly writtenAgainst: string;
  /** The file of this folder that touches it. */
  readonly file: string;
  /** The configuration switch that turns off the guard that needs it. */
  readonly switchedOffBy: string;
  /** What else uses it, outside the guards (a service method an app may call). */
  readonly alsoUsedBy?: string;
};

/** The installed version of a package (as this plugin resolves it), or undefined. */
export function packageVersion(packageName: string): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(`${packageName}/package.json`) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

export class InternalChangedError extends Error {
  constructor(internal: Internal, missing: string) {
    super(
      `production-guards: ${internal.packageName} ${packageVersion(internal.packageName) ?? '(not found)'} no longer has ${missing} ` +
        `(${internal.what}, written against ${internal.writtenAgainst}, internals/${internal.file}). ` +
        `Turn ${internal.switchedOffBy} off in the plugin's configuration${internal.alsoUsedBy ? ` and stop calling ${internal.alsoUsedBy}` : ''}, or update internals/${internal.file}.`
    );
    this.name = 'InternalChangedError';
  }
}

/** `value` when it is a function, else the internal's error naming what is missing. */
export function expectFunction<F>(internal: Internal, value: unknown, missing: string): F {
  if (typeof value !== 'function') throw new InternalChangedError(internal, missing);
  return value as F;
}
