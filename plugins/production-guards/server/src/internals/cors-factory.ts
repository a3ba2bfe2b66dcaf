import type { Core } from '@strapi/strapi';
import { expectFunction, InternalChangedError, type Internal } from './fence';

export const corsFactory: Internal = {
  what: "the factory of Strapi's strapi::cors middleware (replaced through the middlewares registry)",
  packageName: '@strapi/core',
  writtenAgainst: '5.54.0',
  file: 'cors-factory.ts',
  switchedOffBy: 'strictCors.enabled',
};

/** Replaces the factory of `strapi::cors` (in register(), before the middlewares are built). */
export function replaceCorsFactory(strapi: Core.Strapi, factory: (options: never) => unknown): void {
  const registry = strapi.get('middlewares') as { get?: (name: string) => unknown; extend?: unknown };
  if (typeof registry.get === 'function' && registry.get('strapi::cors') === undefined) throw new InternalChangedError(corsFactory, 'a middleware named strapi::cors');
  const extend = expectFunction<(name: string, extender: () => unknown) => void>(corsFactory, registry.extend, "the middlewares registry's extend()");
  extend.call(registry, 'strapi::cors', () => factory);
}
