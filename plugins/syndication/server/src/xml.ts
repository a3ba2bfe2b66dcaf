/**
 * XML text: escaped, and without what XML 1.0 cannot hold (control characters, U+FFFE/U+FFFF,
 * lone surrogates), which an editor's pasted text or a hostile caller's may contain.
 */
// eslint-disable-next-line no-control-regex -- these are the characters it removes
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text for an element's content or an attribute's value. */
export const xmlText = (value: string): string => value.replace(NOT_XML, '').replace(/[&<>"']/g, (char) => ESCAPES[char]);

/** `<name attr="…">text</name>`, or `<name attr="…"/>` without text; attributes left out when undefined. */
export function element(name: string, attributes: Record<string, string | number | undefined>, text?: string): string {
  const attrs = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${xmlText(String(value))}"`)
    .join('');
  return text === undefined ? `<${name}${attrs}/>` : `<${name}${attrs}>${xmlText(text)}</${name}>`;
}

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
