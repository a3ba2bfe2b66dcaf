import type { Core } from '@strapi/strapi';
import { internalChanged, mustBeFunction, type Internal } from './internal';

export const corsFactory: Internal = {
  what: "the factory of Strapi's strapi::cors middleware (replaced through the middlewares registry)",
  packageName: '@strapi/core',
  writtenAgainst: '5.54.0',
  file: 'cors-factory.ts',
};

/** Replaces the factory of `strapi::cors` (in register(), before the middlewares are built). */
export function replaceCorsFactory(strapi: Core.Strapi, factory: (options: never) => unknown): void {
  const registry = strapi.get('middlewares') as { get?: (name: string) => unknown; extend?: unknown };
  if (typeof registry.get === 'function' && registry.get('strapi::cors') === undefined) throw internalChanged(corsFactory, 'a middleware named strapi::cors');
  const extend = mustBeFunction<(name: string, extender: () => unknown) => void>(corsFactory, registry.extend, "the middlewares registry's extend()");
  extend.call(registry, 'strapi::cors', () => factory);
}
