/**
 * The journalist's page: the embargoed document, read-only, with the embargo in a banner at the
 * top, as one self-contained HTML document (no script; inline styles under a strict CSP).
 */

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** Text for HTML content or a quoted attribute value. */
export const html = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (char) => ESCAPES[char]);

type Strings = {
  lang: string;
  embargo: (when: string) => string;
  lifted: (when: string) => string;
  noRelease: string;
  forWhom: (name: string, outlet: string | null, expires: string) => string;
  logged: string;
  contacts: string;
  mediaKit: string;
  download: string;
  credit: (credit: string) => string;
  unknown: { title: string; text: string };
  expired: { title: string; text: string };
  revoked: { title: string; text: string };
  gone: { title: string; text: string };
};

const DA: Strings = {
  lang: 'da',
  embargo: (when) => `EMBARGO: Må ikke offentliggøres før ${when}`,
  lifted: (when) => `Embargoen er ophævet: offentliggjort ${when}`,
  noRelease: 'EMBARGO: Må ikke offentliggøres før redaktionen giver besked',
  forWhom: (name, outlet, expires) => `Fortroligt link til ${name}${outlet ? `, ${outlet}` : ''}. Gyldigt til ${expires}.`,
  logged: 'Hvert besøg på denne side registreres med tidspunkt. Del ikke linket.',
  contacts: 'Kontakt',
  mediaKit: 'Pressemateriale',
  download: 'Hent',
  credit: (credit) => `Foto: ${credit}`,
  unknown: { title: 'Linket findes ikke', text: 'Tjek at hele linket er kopieret, eller bed pressekontakten om et nyt.' },
  expired: { title: 'Linket er udløbet', text: 'Bed pressekontakten om et nyt link.' },
  revoked: { title: 'Linket er trukket tilbage', text: 'Pressekontakten har lukket dette link. Bed om et nyt, hvis du stadig skal bruge det.' },
  gone: { title: 'Pressemeddelelsen findes ikke længere', text: 'Den er slettet eller trukket tilbage af redaktionen.' },
};

const EN: Strings = {
  lang: 'en',
  embargo: (when) => `EMBARGO: Not for publication before ${when}`,
  lifted: (when) => `The embargo has been lifted: published ${when}`,
  noRelease: 'EMBARGO: Not for publication until the press office says so',
  forWhom: (name, outlet, expires) => `Confidential link for ${name}${outlet ? `, ${outlet}` : ''}. Valid until ${expires}.`,
  logged: 'Every visit to this page is recorded with its time. Do not share the link.',
  contacts: 'Contact',
  mediaKit: 'Media kit',
  download: 'Download',
  credit: (credit) => `Photo: ${credit}`,
  unknown: { title: 'This link does not exist', text: 'Check that the whole link was copied, or ask the press contact for a new one.' },
  expired: { title: 'This link has expired', text: 'Ask the press contact for a new link.' },
  revoked: { title: 'This link has been revoked', text: 'The press contact has closed this link. Ask for a new one if you still need it.' },
  gone: { title: 'The press release no longer exists', text: 'It was deleted or withdrawn by the press office.' },
};

/** The page's words: Danish for Danish, English for every other language. */
export const stringsFor = (locale: string): Strings => (locale === 'da' || locale.startsWith('da-') ? DA : EN);

/** A time as a Danish newsroom states it: weekday, date and time in Copenhagen, with the zone. */
export function when(ms: number, locale: string): string {
  return (
    new Intl.DateTimeFormat(stringsFor(locale).lang === 'da' ? 'da-DK' : 'en-GB', {
      dateStyle: 'full',
      timeStyle: 'short',
      timeZone: 'Europe/Copenhagen',
    }).format(new Date(ms)) +
    ' (' +
    zoneName(ms, locale) +
    ')'
  );
}
const zoneName = (ms: number, locale: string) =>
  new Intl.DateTimeFormat(stringsFor(locale).lang === 'da' ? 'da-DK' : 'en-GB', { timeZone: 'Europe/Copenhagen', timeZoneName: 'short' })
    .formatToParts(new Date(ms))
    .find((part) => part.type === 'timeZoneName')?.value ?? 'Europe/Copenhagen';

/** A node of Strapi's blocks (rich text). */
type BlockNode = {
  type?: string;
  text?: string;
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strikethrough?: boolean;
  code?: boolean;
  url?: string;
  level?: number;
  format?: string;
  children?: BlockNode[];
};

/** Blocks as HTML: paragraphs, headings, lists, quotes, code, links (http(s) and mailto only); all text escaped. */
export function blocksHtml(blocks: unknown): string {
  if (!Array.isArray(blocks)) return '';
  const inline = (node: BlockNode): string => {
    if (node.type === 'text') {
      let out = html(node.text ?? '');
      if (node.code) out = `<code>${out}</code>`;
      if (node.bold) out = `<strong>${out}</strong>`;
      if (node.italic) out = `<em>${out}</em>`;
      if (node.underline) out = `<u>${out}</u>`;
      if (node.strikethrough) out = `<s>${out}</s>`;
      return out;
    }
    const inner = (node.children ?? []).map(inline).join('');
    if (node.type === 'link') return /^(https?:|mailto:)/i.test(node.url ?? '') ? `<a href="${html(node.url)}" rel="noreferrer">${inner}</a>` : inner;
    if (node.type === 'list-item') return `<li>${inner}</li>`;
    return inner;
  };
  return (blocks as BlockNode[])
    .map((block) => {
      const inner = (block.children ?? []).map(inline).join('');
      if (block.type === 'heading') {
        const level = Math.min(6, Math.max(2, (block.level ?? 2) + 1));
        return `<h${level}>${inner}</h${level}>`;
      }
      if (block.type === 'list') return block.format === 'ordered' ? `<ol>${inner}</ol>` : `<ul>${inner}</ul>`;
      if (block.type === 'quote') return `<blockquote>${inner}</blockquote>`;
      if (block.type === 'code') return `<pre><code>${inner}</code></pre>`;
      if (block.type === 'image') return '';
      return `<p>${inner}</p>`;
    })
    .join('\n');
}

const STYLE = `
body{margin:0;font:17px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#fff}
.embargo{position:sticky;top:0;background:#b3261e;color:#fff;padding:1rem 1.25rem;font-weight:700;font-size:1.15rem;border-bottom:4px solid #6d120d}
.embargo.lifted{background:#1d6b35;border-color:#0f3d1e}
.who{margin:0;background:#fff4e5;color:#5c3a00;padding:.6rem 1.25rem;font-size:.95rem;border-bottom:1px solid #f0d2a8}
main{max-width:44rem;margin:0 auto;padding:1.5rem 1.25rem 3rem}
h1{font-size:2rem;line-height:1.2;margin:.5rem 0 1rem}
.lead{font-size:1.2rem;font-weight:600}
section{margin-top:2rem;border-top:1px solid #ddd}
ul.people,ul.kit{list-style:none;padding:0}
ul.people li,ul.kit li{margin:.75rem 0}
img{max-width:100%;height:auto;display:block;margin-bottom:.25rem}
a{color:#0b57d0}
.muted{color:#555;font-size:.9rem}
`;

/** Security headers of every answer: never cached or indexed, no referrer, no script. */
export const PAGE_HEADERS: Record<string, string> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'private, no-store, max-age=0',
  Pragma: 'no-cache',
  'X-Robots-Tag': 'noindex, nofollow, noarchive, nosnippet',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; img-src 'self' https: data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

const RTL = new Set(['ar', 'fa', 'he', 'ur', 'ps', 'ckb', 'ku']);
/** ` dir="rtl"` for a language written right to left. */
const dir = (locale: string) => (RTL.has(locale.split('-')[0]) ? ' dir="rtl"' : '');

function documentHtml(lang: string, title: string, body: string): string {
  return `<!doctype html>
<html lang="${html(lang)}"${dir(lang)}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow, noarchive">
<meta name="referrer" content="no-referrer">
<title>${html(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** The page for a link that opens nothing: unknown, expired, revoked, or its document gone. */
export function refusalPage(kind: 'unknown' | 'expired' | 'revoked' | 'gone', locale = 'da'): string {
  const words = stringsFor(locale)[kind];
  return documentHtml(stringsFor(locale).lang, words.title, `<main><h1>${html(words.title)}</h1><p>${html(words.text)}</p></main>`);
}

export type Person = { name: string; role?: string | null; email?: string | null; phone?: string | null };
export type MediaItem = { url: string; mime?: string | null; title?: string | null; alternativeText?: string | null; credit?: string | null; name?: string | null };
export type PageContent = {
  locale: string;
  title: string;
  summary?: string | null;
  body?: unknown;
  releaseAt: number | null;
  /** True once the release time has passed and the document is published. */
  lifted: boolean;
  journalist: { name: string; outlet: string | null };
  expiresAt: number;
  contacts: Person[];
  mediaKit: MediaItem[];
};

/** The embargoed document's page. */
export function embargoPage(content: PageContent): string {
  const words = stringsFor(content.locale);
  const banner = content.releaseAt === null ? words.noRelease : content.lifted ? words.lifted(when(content.releaseAt, content.locale)) : words.embargo(when(content.releaseAt, content.locale));
  const contacts = content.contacts.length
    ? `<section><h2 lang="${words.lang}">${html(words.contacts)}</h2><ul class="people">${content.contacts
        .map(
          (person) =>
            `<li><strong>${html(person.name)}</strong>${person.role ? `, ${html(person.role)}` : ''}${person.email ? `<br><a href="mailto:${html(person.email)}">${html(person.email)}</a>` : ''}${person.phone ? `<br><a href="tel:${html(person.phone.replace(/\s+/g, ''))}">${html(person.phone)}</a>` : ''}</li>`
        )
        .join('')}</ul></section>`
    : '';
  const kit = content.mediaKit.length
    ? `<section><h2 lang="${words.lang}">${html(words.mediaKit)}</h2><ul class="kit">${content.mediaKit
        .map((item) => {
          const label = item.title || item.name || item.url;
          const image = item.mime?.startsWith('image/') ? `<img src="${html(item.url)}" alt="${html(item.alternativeText ?? '')}" loading="lazy">` : '';
          const credit = item.credit ? ` <span class="muted">${html(words.credit(item.credit))}</span>` : '';
          return `<li>${image}<a href="${html(item.url)}" download>${html(words.download)}: ${html(label)}</a>${credit}</li>`;
        })
        .join('')}</ul></section>`
    : '';
  const body = `<div class="embargo${content.lifted ? ' lifted' : ''}" role="alert" lang="${words.lang}" dir="ltr">${html(banner)}</div>
<p class="who" lang="${words.lang}" dir="ltr">${html(words.forWhom(content.journalist.name, content.journalist.outlet, when(content.expiresAt, content.locale)))} ${html(words.logged)}</p>
<main lang="${html(content.locale)}"${dir(content.locale)}>
<article>
<h1>${html(content.title)}</h1>
${content.summary ? `<p class="lead">${html(content.summary)}</p>` : ''}
${blocksHtml(content.body)}
</article>
${contacts}
${kit}
</main>`;
  return documentHtml(content.locale, `${content.lifted ? '' : 'EMBARGO – '}${content.title}`, body);
}
