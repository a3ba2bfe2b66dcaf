// @ts-check
/**
 * XML checks of feeds and sitemaps with libxml2 (xmllint-wasm), for the tests and bench:sitemap:
 * sitemaps against the Sitemaps protocol's schemas (sitemap.xsd from the `sitemap` package,
 * siteindex.xsd after the protocol, xhtml:link for hreflang: tests/fixtures/xsd), any XML for
 * well-formedness.
 */
const fs = require('fs');
const path = require('path');
const { validateXML } = require('xmllint-wasm');

const ROOT = path.resolve(__dirname, '..', '..');
const XSD = path.join(ROOT, 'tests', 'fixtures', 'xsd');
const read = (/** @type {string} */ file) => fs.readFileSync(file, 'utf8');
const MAX_MEMORY_PAGES = 16384; // 1 GiB: a 50 MiB sitemap

/**
 * libxml2's errors of a sitemap (`urlset`, with xhtml:link alternates) or a sitemap index against
 * the protocol's schemas: none when valid.
 * @param {string} xml @param {'urlset' | 'index'} kind @returns {Promise<string[]>}
 */
async function sitemapErrors(xml, kind) {
  const result = await validateXML({
    xml: [{ fileName: `${kind}.xml`, contents: xml }],
    schema: [read(path.join(XSD, kind === 'index' ? 'siteindex.xsd' : 'urlset.xsd'))],
    preload:
      kind === 'index'
        ? []
        : [
            { fileName: 'sitemap.xsd', contents: read(path.join(ROOT, 'node_modules', 'sitemap', 'schema', 'sitemap.xsd')) },
            { fileName: 'xhtml-link.xsd', contents: read(path.join(XSD, 'xhtml-link.xsd')) },
          ],
    maxMemoryPages: MAX_MEMORY_PAGES,
  });
  return result.valid ? [] : result.errors.map((error) => error.rawMessage);
}

/**
 * libxml2's well-formedness errors of any XML (it is parsed and written back): none when well-formed.
 * @param {string} xml @returns {Promise<string[]>}
 */
async function xmlErrors(xml) {
  const result = await validateXML({ xml: [{ fileName: 'document.xml', contents: xml }], normalization: 'format', maxMemoryPages: MAX_MEMORY_PAGES });
  return result.valid ? [] : result.errors.map((error) => error.rawMessage);
}

module.exports = { sitemapErrors, xmlErrors };
