import { functionOf, requireInternal, type Internal } from './fence';

type Attribute = { type?: string };
type Meta = { uid: string; tableName: string; attributes: Record<string, Attribute> };

/** Strapi's conversion between attributes and columns, as its query builder does it. */
export type Conversion = {
  createField(attribute: Attribute): { fromDB(value: unknown): unknown };
  isScalar(type: string | undefined): boolean;
  isRelation(type: string | undefined): boolean;
  /** The column of an attribute, as Strapi's query builder names it. */
  toColumnName(meta: Meta, attribute: string): string;
};

export const rowConversion: Internal = {
  what: "the field classes and column names of Strapi's query engine (fromRow, toColumnName)",
  packageName: '@strapi/database',
  writtenAgainst: '5.54.0',
  file: 'row-conversion.ts',
};

export function loadConversion(): Conversion {
  const fields = requireInternal<unknown>(rowConversion, 'dist/fields/index.js');
  const types = requireInternal<unknown>(rowConversion, 'dist/utils/types.js');
  const transform = requireInternal<unknown>(rowConversion, 'dist/query/helpers/transform.js');
  return {
    createField: functionOf(rowConversion, fields, 'createField', 'dist/fields/index.js'),
    isScalar: functionOf(rowConversion, types, 'isScalar', 'dist/utils/types.js'),
    isRelation: functionOf(rowConversion, types, 'isRelation', 'dist/utils/types.js'),
    toColumnName: functionOf(rowConversion, transform, 'toColumnName', 'dist/query/helpers/transform.js'),
  };
}
