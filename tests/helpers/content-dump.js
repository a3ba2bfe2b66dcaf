// @ts-check
/**
 * Writes the content of the database the environment points the app to as JSON, leaving out what a
 * restore may renumber (row ids): every version of every document (each locale, draft and
 * published) with its fields, components, relations (by documentId, locale and version) and media
 * (by file hash), every media library entry and every locale. Two databases with the same content
 * give the same file.
 *   node tests/helpers/content-dump.js <output.json>
 * Loads the compiled app (dist/) without its HTTP server; set SEED_DEMO_CONTENT=false and
 * SCHEDULED_PUBLISHING=false so that loading it changes nothing.
 */
const fs = require('fs');
const { appApi, loadStrapi, settle } = require('../../scripts/lib/app');

const FILE = 'plugin::upload.file';
/** The content model's types (as the demo seed lists them), the media library and the locales. */
const TYPES = [...appApi().MODEL_UIDS, FILE, 'plugin::upload.folder', 'plugin::i18n.locale'];

/**
 * Not compared: the admin users who created and last changed a row (Strapi's export leaves admin
 * users out), the other locales of a document (each locale is a row of its own here), and a media
 * entry's back-references (the documents' own media fields hold them).
 */
const LEFT_OUT = new Set(['createdBy', 'updatedBy', 'localizations', 'related']);

/** @param {any} strapi @param {string} uid @returns {Record<string, any>} */
function populateOf(strapi, uid) {
  /** @type {Record<string, any>} */
  const populate = {};
  for (const [name, attribute] of Object.entries(strapi.getModel(uid).attributes)) {
    if (LEFT_OUT.has(name)) continue;
    if (attribute.type === 'relation' || attribute.type === 'media') populate[name] = true;
    else if (attribute.type === 'component') populate[name] = { populate: populateOf(strapi, attribute.component) };
  }
  return populate;
}

/** A related row by what survives a restore. @param {string} target @param {any} row */
function reference(target, row) {
  if (target === FILE) return `file ${row.hash}`;
  if (target === 'plugin::upload.folder') return `folder ${row.path}`;
  return `${target} ${row.documentId} ${row.locale ?? '-'} ${row.publishedAt ? 'published' : 'draft'}`;
}

/** @param {any} strapi @param {string} uid @param {any} row */
function normalise(strapi, uid, row) {
  /** @type {Record<string, unknown>} */
  const out = row.documentId ? { documentId: row.documentId } : {};
  for (const [name, attribute] of Object.entries(strapi.getModel(uid).attributes)) {
    if (LEFT_OUT.has(name) || !(name in row)) continue;
    const value = row[name];
    if (attribute.type === 'relation' || attribute.type === 'media') {
      const target = attribute.type === 'media' ? FILE : attribute.target;
      const references = Array.isArray(value) ? value.map((item) => reference(target, item)) : value ? reference(target, value) : null;
      // The inverse side of a relation (a municipality's case stories) lists a document's draft and
      // published versions at the same position, which the database returns in either order.
      out[name] = Array.isArray(references) && attribute.mappedBy ? references.sort() : references;
    } else if (attribute.type === 'component') {
      out[name] = Array.isArray(value) ? value.map((item) => normalise(strapi, attribute.component, item)) : value ? normalise(strapi, attribute.component, value) : null;
    } else {
      out[name] = value instanceof Date ? value.toISOString() : value;
    }
  }
  return out;
}

const order = (row) => `${row.documentId ?? ''} ${row.locale ?? ''} ${row.publishedAt ? 1 : 0} ${row.hash ?? ''} ${row.path ?? ''}`;

async function main() {
  const output = process.argv[2];
  if (!output) throw new Error('usage: node tests/helpers/content-dump.js <output.json>');
  const strapi = await loadStrapi({ compiled: true });
  /** @type {Record<string, unknown[]>} */
  const dump = {};
  try {
    for (const uid of TYPES) {
      const rows = await strapi.db.query(/** @type {any} */ (uid)).findMany({ populate: populateOf(strapi, uid) });
      dump[uid] = rows.map((row) => normalise(strapi, uid, row)).sort((a, b) => order(a).localeCompare(order(b)));
    }
  } finally {
    await settle(strapi);
    await strapi.destroy();
  }
  fs.writeFileSync(output, JSON.stringify(dump, null, 1));
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  }
);
