/** A JSON value, as the CMS's `JSON` scalar carries it (rich text in Strapi's blocks format, for one). */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
