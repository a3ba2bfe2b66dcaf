/**
 * A part of Strapi (or of a library under it) that is not public API, used by the app: a member it
 * replaces or reads. Each lives in a file of this folder, with the version it was written against;
 * its accessor checks the shape when the app boots and stops the boot with this error when an
 * upgrade changed it, instead of failing later inside a request.
 */
export type Internal = {
  /** What is used, in a few words. */
  readonly what: string;
  readonly packageName: string;
  readonly writtenAgainst: string;
  /** The file of this folder that touches it. */
  readonly file: string;
};

/** The version of a package installed for the app, or undefined. */
export function versionOf(packageName: string): string | undefined {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(`${packageName}/package.json`) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

/** The error of an internal an upgrade changed: what is missing, where it is used, what it was written against. */
export function internalChanged(internal: Internal, missing: string): Error {
  const installed = versionOf(internal.packageName) ?? 'as installed';
  return new Error(
    `${internal.packageName} ${installed} no longer has ${missing}: ${internal.what} (written against ${internal.writtenAgainst}; src/internals/${internal.file}). Update that file for this version.`
  );
}

/** `value` when it is a function, else the internal's error. */
export function mustBeFunction<F>(internal: Internal, value: unknown, missing: string): F {
  if (typeof value !== 'function') throw internalChanged(internal, missing);
  return value as F;
}
