// The reference site: plain ES modules, no build step, only anonymous published-only GraphQL.
import { STRINGS } from './strings.js';
import { drawMap } from './map.js';

const FALLBACK = ['da', 'en'];
const params = new URLSearchParams(location.search);
const lang = params.get('lang') || 'da';
const uiLang = STRINGS[lang] ? lang : 'en';
const t = STRINGS[uiLang];
const main = document.getElementById('main');
let locales = [];

// ------------------------------------------------------------------------------------------
// GraphQL and DOM helpers

export async function graphql(query, variables = {}) {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = await response.json();
  if (!response.ok || body.errors?.length) throw new Error(body.errors?.[0]?.message || `HTTP ${response.status}`);
  return body.data;
}

/** Builds an element: h('a', { href }, 'text', child, …). Text is always set as text, never as HTML. */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

const chain = () => FALLBACK.filter((code) => code !== lang);
/** A locale's name in a language (`inLanguage`): the browser's, else the CMS's English name. */
const localeName = (code, inLanguage = uiLang) => {
  const fallback = locales.find((locale) => locale.code === code)?.name ?? code;
  try {
    return new Intl.DisplayNames([inLanguage], { type: 'language' }).of(code) ?? fallback;
  } catch {
    return fallback;
  }
};
const href = (path) => `?lang=${encodeURIComponent(lang)}#${path}`;
const formatDate = (value) => new Intl.DateTimeFormat(lang, { dateStyle: 'long' }).format(new Date(value));

/** The site's own words in an element whose language differs from the page's, marked as such. */
const ui = (tag, attributes, text) => h(tag, { ...attributes, ...uiLanguage() }, text);
/** lang (and dir) of the site's own words when they are not in the page's language. */
const uiLanguage = () => (uiLang === lang ? {} : { lang: uiLang, dir: direction(uiLang) === direction(lang) ? null : direction(uiLang) });

/** A document's language and, where it is not the chosen one, the fallback notice. */
function languageOf(item) {
  return item.locale && item.locale !== lang ? { lang: item.locale, dir: direction(item.locale) } : {};
}
function fallbackNotice(item) {
  if (!item.locale || item.locale === lang) return null;
  return ui('p', { class: 'notice', role: 'note' }, t.fallback(localeName(item.locale)));
}
const direction = (code) => locales.find((locale) => locale.code === code)?.direction ?? 'ltr';

/** Blocks (Strapi's rich text) as DOM: paragraphs, headings, lists, quotes, links; text stays text. */
function blocks(content) {
  if (!Array.isArray(content)) return [];
  const inline = (node) => {
    if (node.type === 'text') {
      let element = document.createTextNode(node.text);
      if (node.bold) element = h('strong', {}, element);
      if (node.italic) element = h('em', {}, element);
      return element;
    }
    if (node.type === 'link') {
      const url = /^https?:\/\//.test(node.url) ? node.url : null;
      return url ? h('a', { href: url }, (node.children ?? []).map(inline)) : h('span', {}, (node.children ?? []).map(inline));
    }
    return h('span', {}, (node.children ?? []).map(inline));
  };
  return content.map((block) => {
    const children = (block.children ?? []).map((child) => (child.type === 'list-item' ? h('li', {}, (child.children ?? []).map(inline)) : inline(child)));
    if (block.type === 'heading') return h(`h${Math.min(6, Math.max(3, (block.level ?? 2) + 1))}`, {}, children);
    if (block.type === 'list') return h(block.format === 'ordered' ? 'ol' : 'ul', {}, children);
    if (block.type === 'quote') return h('blockquote', {}, children);
    return h('p', {}, children);
  });
}

function render(...nodes) {
  for (const element of document.head.querySelectorAll('[data-page-metadata]')) element.remove();
  main.replaceChildren(...nodes.flat().filter(Boolean));
}

const PAGE_METADATA = 'pageMetadata { url headline description inLanguage image { url width height alternativeText } alternates { hreflang url } jsonLd }';

/**
 * A document page's description for search engines and link previews, from its `pageMetadata`:
 * schema.org JSON-LD, Open Graph, its canonical address and its language versions (hreflang).
 * Removed again by the next render.
 */
function describePage(metadata) {
  if (!metadata) return;
  const marked = (element) => {
    element.dataset.pageMetadata = '';
    return element;
  };
  const meta = (property, content) => (content === null || content === undefined ? null : marked(h('meta', { property, content: String(content) })));
  const jsonLd = marked(h('script', { type: 'application/ld+json' }));
  // Text, not markup: "</script>" in a headline cannot end the element.
  jsonLd.textContent = JSON.stringify(metadata.jsonLd).replace(/</g, '\\u003c');
  const image = metadata.image;
  document.head.append(
    ...[
      metadata.url ? marked(h('link', { rel: 'canonical', href: metadata.url })) : null,
      ...metadata.alternates.map((alternate) => marked(h('link', { rel: 'alternate', hreflang: alternate.hreflang, href: alternate.url }))),
      meta('og:type', 'article'),
      meta('og:title', metadata.headline),
      meta('og:description', metadata.description),
      meta('og:url', metadata.url),
      meta('og:locale', metadata.inLanguage),
      ...(image ? [meta('og:image', image.url), meta('og:image:width', image.width), meta('og:image:height', image.height), meta('og:image:alt', image.alternativeText)] : []),
      jsonLd,
    ].filter(Boolean)
  );
}

/** The CMS's feeds of this language (plugins/syndication): RSS and Atom. */
const feedUrls = (name) => ({ rss: `/feeds/${encodeURIComponent(lang)}/${name}.xml`, atom: `/feeds/${encodeURIComponent(lang)}/${name}.atom` });

/** <link rel="alternate"> in the head for each feed of the chosen language, so that browsers and readers find them. */
function announceFeeds() {
  for (const [name, title] of [
    ['press-releases', t.press],
    ['case-stories', t.caseStories],
  ]) {
    const urls = feedUrls(name);
    for (const [format, type, href] of [
      ['RSS', 'application/rss+xml', urls.rss],
      ['Atom', 'application/atom+xml', urls.atom],
    ]) {
      // No hreflang: search engines would take a feed for a language version of the page.
      document.head.append(h('link', { rel: 'alternate', type, href, title: t.feedTitle(title, format) }));
    }
  }
}

function pageTitle(text) {
  document.title = `${text} · ${t.brand}`;
  return h('h1', {}, text);
}

// ------------------------------------------------------------------------------------------
// Pages

const CASE_STORY_CARD = 'documentId slug title summary locale place municipality { name code } focusAreas { title } heroImage { url alternativeText }';

async function caseStoriesPage(query) {
  const focus = query.get('focus') || '';
  const municipality = query.get('municipality') || '';
  const filters = {};
  if (focus) filters.focusAreas = { documentId: { eq: focus } };
  if (municipality) filters.municipality = { code: { eq: municipality } };
  const data = await graphql(
    `query CaseStories($locale: I18NLocaleCode, $fallback: [I18NLocaleCode!], $filters: CaseStoryFiltersInput) {
      caseStories(locale: $locale, fallbackLocales: $fallback, filters: $filters, sort: "title", pagination: { pageSize: 100 }) { ${CASE_STORY_CARD} }
      focusAreas(locale: $locale, fallbackLocales: $fallback, sort: "sortOrder") { documentId title locale }
      municipalityMap { code name caseStoryCount }
    }`,
    { locale: lang, fallback: chain(), filters }
  );
  const options = (items, selected) => [h('option', { value: '' }, t.all), ...items.map(([value, label]) => h('option', { value, selected: value === selected }, label))];
  const form = h(
    'form',
    {
      class: 'filters',
      onsubmit: (event) => {
        event.preventDefault();
        const chosen = new URLSearchParams();
        for (const [name, value] of new FormData(event.target)) if (value) chosen.set(name, String(value));
        location.hash = `/?${chosen}`;
      },
    },
    h(
      'div',
      {},
      ui('label', { for: 'focus' }, t.focusArea),
      h(
        'select',
        { id: 'focus', name: 'focus' },
        options(
          data.focusAreas.map((area) => [area.documentId, area.title]),
          focus
        )
      )
    ),
    h(
      'div',
      {},
      ui('label', { for: 'municipality' }, t.municipality),
      h(
        'select',
        { id: 'municipality', name: 'municipality' },
        options(
          data.municipalityMap.filter((m) => m.caseStoryCount > 0 || m.code === municipality).map((m) => [m.code, m.name]),
          municipality
        )
      )
    ),
    ui('button', { type: 'submit' }, t.filter)
  );
  const cards = data.caseStories.map((story) =>
    h(
      'li',
      { class: 'card', ...languageOf(story) },
      story.heroImage ? h('img', { src: story.heroImage.url, alt: story.heroImage.alternativeText ?? '', loading: 'lazy', width: 320, height: 180 }) : null,
      h('h2', {}, h('a', { href: href(`/case-stories/${story.slug}`) }, story.title)),
      story.summary ? h('p', {}, story.summary) : null,
      h('p', { class: 'meta' }, [story.municipality?.name, ...story.focusAreas.map((area) => area.title)].filter(Boolean).join(' · ')),
      fallbackNotice(story)
    )
  );
  render(pageTitle(t.caseStories), ui('p', { class: 'intro' }, t.caseStoriesIntro), form, cards.length ? h('ul', { class: 'cards' }, cards) : ui('p', {}, t.noResults));
}

async function caseStoryPage(slug) {
  const { caseStoryBySlug: story } = await graphql(
    `
      query CaseStory($slug: String!, $locale: I18NLocaleCode, $fallback: [I18NLocaleCode!]) {
        caseStoryBySlug(slug: $slug, locale: $locale, fallbackLocales: $fallback) {
          ${PAGE_METADATA}
          title
          summary
          locale
          place
          body
          lessonsLearned
          heroImage {
            url
            alternativeText
            width
            height
          }
          municipality {
            name
          }
          quotes {
            text
            author
            role
          }
          outcomes {
            value
            label
            source
          }
          partnership {
            title
            slug
            partners {
              name
              website
            }
          }
          organisations {
            name
            website
          }
        }
      }
    `,
    { slug, locale: lang, fallback: chain() }
  );
  if (!story) return notFound();
  const partners = story.partnership?.partners?.length ? story.partnership.partners : story.organisations;
  render(
    h(
      'article',
      { class: 'document', ...languageOf(story) },
      fallbackNotice(story),
      pageTitle(story.title),
      h('p', { class: 'meta' }, [story.municipality?.name, story.place].filter(Boolean).join(' · ')),
      story.heroImage ? h('img', { class: 'hero', src: story.heroImage.url, alt: story.heroImage.alternativeText ?? '', width: story.heroImage.width, height: story.heroImage.height }) : null,
      story.summary ? h('p', { class: 'lead' }, story.summary) : null,
      blocks(story.body),
      story.quotes.length
        ? [
            ui('h2', {}, t.quotes),
            story.quotes.map((quote) => h('figure', { class: 'quote' }, h('blockquote', {}, quote.text), h('figcaption', {}, [quote.author, quote.role].filter(Boolean).join(', ')))),
          ]
        : null,
      story.outcomes.length
        ? [
            ui('h2', {}, t.outcomes),
            h(
              'dl',
              { class: 'figures' },
              story.outcomes.map((figure) => [h('dt', {}, figure.value), h('dd', {}, figure.label, figure.source ? h('small', {}, ` (${figure.source})`) : null)])
            ),
          ]
        : null,
      story.lessonsLearned?.length ? [ui('h2', {}, t.lessons), blocks(story.lessonsLearned)] : null,
      partners?.length ? [ui('h2', {}, t.partners), partnerList(partners)] : null,
      story.partnership ? h('p', {}, ui('span', {}, `${t.partnership}: `), h('a', { href: href(`/partnerships/${story.partnership.slug}`) }, story.partnership.title)) : null
    )
  );
  describePage(story.pageMetadata);
}

async function partnershipsPage() {
  const { partnerships } = await graphql(
    `
      query Partnerships($locale: I18NLocaleCode, $fallback: [I18NLocaleCode!]) {
        partnerships(locale: $locale, fallbackLocales: $fallback, sort: "title", pagination: { pageSize: 100 }) {
          slug
          title
          summary
          locale
          partnershipStatus
          municipality {
            name
          }
          partners {
            name
          }
        }
      }
    `,
    { locale: lang, fallback: chain() }
  );
  render(
    pageTitle(t.partnerships),
    ui('p', { class: 'intro' }, t.partnershipsIntro),
    h(
      'ul',
      { class: 'cards' },
      partnerships.map((partnership) =>
        h(
          'li',
          { class: 'card', ...languageOf(partnership) },
          h('h2', {}, h('a', { href: href(`/partnerships/${partnership.slug}`) }, partnership.title)),
          partnership.summary ? h('p', {}, partnership.summary) : null,
          h('p', { class: 'meta' }, [t.statuses[partnership.partnershipStatus], partnership.municipality?.name, ...partnership.partners.map((p) => p.name)].filter(Boolean).join(' · ')),
          fallbackNotice(partnership)
        )
      )
    )
  );
}

/** Organisations, each linked to its website when it has one. */
const partnerList = (partners) =>
  h(
    'ul',
    {},
    partners.map((partner) => h('li', {}, partner.website ? h('a', { href: partner.website }, partner.name) : partner.name))
  );

/** A press release's media kit: each file with its preview (images), credit and licence, and a download link. */
const mediaKitList = (items) =>
  h(
    'ul',
    { class: 'media-kit' },
    items
      .filter((item) => item.file)
      .map((item) => {
        const { file } = item;
        const image = file.mime.startsWith('image/');
        const name = item.title || file.name;
        return h(
          'li',
          {},
          image ? h('img', { src: file.url, alt: file.alternativeText ?? '', loading: 'lazy', width: file.width, height: file.height }) : null,
          h('p', { class: 'media-title' }, name),
          h(
            'p',
            { class: 'meta' },
            ui('span', {}, t.mediaKinds[item.kind] ?? item.kind),
            item.credit ? [' · ', item.credit] : null,
            item.licence ? [' · ', ui('span', {}, t.licences[item.licence] ?? item.licence)] : null
          ),
          h('a', { href: file.url, download: file.name }, ui('span', {}, t.download(name)), ` (${Math.max(1, Math.round(file.size))} kB)`)
        );
      })
  );

/** What contactList shows of a contact: select `contacts { ...ContactFields }` and add this fragment to the query. */
const CONTACT_FIELDS = `
  fragment ContactFields on Contact {
    name
    jobTitle
    email
    phone
    organisation {
      name
    }
  }
`;

const contactList = (contacts) =>
  h(
    'ul',
    { class: 'contacts' },
    contacts.map((contact) =>
      h(
        'li',
        {},
        h('strong', {}, contact.name),
        contact.jobTitle ? `, ${contact.jobTitle}` : null,
        contact.organisation ? `, ${contact.organisation.name}` : null,
        contact.email ? [h('br'), h('a', { href: `mailto:${contact.email}` }, contact.email)] : null,
        contact.phone ? [h('br'), h('a', { href: `tel:${contact.phone.replace(/\s/g, '')}` }, contact.phone)] : null
      )
    )
  );

async function partnershipPage(slug) {
  const { partnershipBySlug: partnership } = await graphql(
    `
      query Partnership($slug: String!, $locale: I18NLocaleCode, $fallback: [I18NLocaleCode!]) {
        partnershipBySlug(slug: $slug, locale: $locale, fallbackLocales: $fallback) {
          title
          summary
          locale
          description
          partnershipStatus
          startDate
          endDate
          municipality {
            name
          }
          partners {
            name
            website
          }
          focusAreas {
            title
          }
          activities {
            title
            description
          }
          contacts {
            ...ContactFields
          }
          caseStories {
            title
            slug
          }
        }
      }
      ${CONTACT_FIELDS}
    `,
    { slug, locale: lang, fallback: chain() }
  );
  if (!partnership) return notFound();
  render(
    h(
      'article',
      { class: 'document', ...languageOf(partnership) },
      fallbackNotice(partnership),
      pageTitle(partnership.title),
      h(
        'p',
        { class: 'meta' },
        [
          t.statuses[partnership.partnershipStatus],
          partnership.municipality?.name,
          partnership.startDate ? formatDate(partnership.startDate) : null,
          ...partnership.focusAreas.map((area) => area.title),
        ]
          .filter(Boolean)
          .join(' · ')
      ),
      partnership.summary ? h('p', { class: 'lead' }, partnership.summary) : null,
      blocks(partnership.description),
      partnership.partners.length ? [ui('h2', {}, t.partners), partnerList(partnership.partners)] : null,
      partnership.activities.length
        ? [
            ui('h2', {}, t.activities),
            h(
              'ul',
              {},
              partnership.activities.map((activity) => h('li', {}, h('strong', {}, activity.title), activity.description ? ` – ${activity.description}` : null))
            ),
          ]
        : null,
      partnership.caseStories?.length
        ? [
            ui('h2', {}, t.caseStories),
            h(
              'ul',
              {},
              partnership.caseStories.map((story) => h('li', {}, h('a', { href: href(`/case-stories/${story.slug}`) }, story.title)))
            ),
          ]
        : null,
      partnership.contacts.length ? [ui('h2', {}, t.contacts), contactList(partnership.contacts)] : null
    )
  );
}

async function pressPage() {
  const { pressReleases } = await graphql(
    `
      query Press($locale: I18NLocaleCode, $fallback: [I18NLocaleCode!]) {
        pressReleases(locale: $locale, fallbackLocales: $fallback, sort: "releaseDate:desc", pagination: { pageSize: 50 }) {
          slug
          title
          lead
          releaseDate
          locale
        }
      }
    `,
    { locale: lang, fallback: chain() }
  );
  const feed = feedUrls('press-releases');
  render(
    pageTitle(t.press),
    ui('p', { class: 'intro' }, t.pressIntro),
    h(
      'p',
      { class: 'feeds', ...uiLanguage() },
      t.subscribe,
      ' ',
      h('a', { href: feed.rss, type: 'application/rss+xml' }, 'RSS'),
      ' · ',
      h('a', { href: feed.atom, type: 'application/atom+xml' }, 'Atom')
    ),
    h(
      'ul',
      { class: 'cards' },
      pressReleases.map((release) =>
        h(
          'li',
          { class: 'card', ...languageOf(release) },
          h('p', { class: 'meta' }, h('time', { datetime: release.releaseDate }, formatDate(release.releaseDate))),
          h('h2', {}, h('a', { href: href(`/press/${release.slug}`) }, release.title)),
          release.lead ? h('p', {}, release.lead) : null,
          fallbackNotice(release)
        )
      )
    )
  );
}

async function pressReleasePage(slug) {
  const { pressReleaseBySlug: release } = await graphql(
    `
      query PressRelease($slug: String!, $locale: I18NLocaleCode, $fallback: [I18NLocaleCode!]) {
        pressReleaseBySlug(slug: $slug, locale: $locale, fallbackLocales: $fallback) {
          ${PAGE_METADATA}
          mediaKit {
            kind
            title
            credit
            licence
            file {
              url
              name
              mime
              size
              width
              height
              alternativeText
            }
          }
          title
          lead
          body
          releaseDate
          locale
          contacts {
            ...ContactFields
          }
          relatedLinks {
            label
            url
          }
        }
      }
      ${CONTACT_FIELDS}
    `,
    { slug, locale: lang, fallback: chain() }
  );
  if (!release) return notFound();
  render(
    h(
      'article',
      { class: 'document', ...languageOf(release) },
      fallbackNotice(release),
      pageTitle(release.title),
      h('p', { class: 'meta' }, ui('span', {}, `${t.released}: `), h('time', { datetime: release.releaseDate }, formatDate(release.releaseDate))),
      release.lead ? h('p', { class: 'lead' }, release.lead) : null,
      blocks(release.body),
      release.mediaKit.length ? [ui('h2', {}, t.mediaKit), mediaKitList(release.mediaKit)] : null,
      release.contacts.length ? [ui('h2', {}, t.contacts), contactList(release.contacts)] : null,
      release.relatedLinks.length
        ? [
            ui('h2', {}, t.links),
            h(
              'ul',
              {},
              release.relatedLinks.map((link) => h('li', {}, /^https?:\/\//.test(link.url) ? h('a', { href: link.url }, link.label) : link.label))
            ),
          ]
        : null
    )
  );
  describePage(release.pageMetadata);
}

async function mapPage() {
  const [{ municipalityMap }, geojson] = await Promise.all([
    graphql('{ municipalityMap { code name hasIntegrationCouncil partnershipCount caseStoryCount } }'),
    fetch('/site/data/municipality-borders.geojson').then((response) => response.json()),
  ]);
  const results = h('section', { class: 'municipality-results', 'aria-live': 'polite' }, ui('p', {}, t.chooseMunicipality));
  const choose = async (code) => {
    const entry = municipalityMap.find((m) => m.code === code);
    const data = await graphql(
      `
        query Municipality($code: String!, $locale: I18NLocaleCode, $fallback: [I18NLocaleCode!]) {
          caseStories(locale: $locale, fallbackLocales: $fallback, filters: { municipality: { code: { eq: $code } } }, sort: "title") {
            slug
            title
            locale
          }
          partnerships(locale: $locale, fallbackLocales: $fallback, filters: { municipality: { code: { eq: $code } } }, sort: "title") {
            slug
            title
            locale
          }
        }
      `,
      { code, locale: lang, fallback: chain() }
    );
    const list = (items, path) =>
      h(
        'ul',
        {},
        items.map((item) => h('li', languageOf(item), h('a', { href: href(`/${path}/${item.slug}`) }, item.title)))
      );
    results.replaceChildren(
      ...[
        h('h2', {}, entry.name),
        ui('p', {}, entry.hasIntegrationCouncil ? t.council : t.noCouncil),
        data.caseStories.length ? [ui('h3', {}, t.caseStories), list(data.caseStories, 'case-stories')] : null,
        data.partnerships.length ? [ui('h3', {}, t.partnerships), list(data.partnerships, 'partnerships')] : null,
        !data.caseStories.length && !data.partnerships.length ? ui('p', {}, t.noResults) : null,
      ]
        .flat()
        .filter(Boolean)
    );
  };
  const table = h(
    'details',
    { class: 'map-table' },
    ui('summary', {}, t.mapTable),
    h(
      'table',
      {},
      h('caption', {}, ui('span', {}, t.map)),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          [t.municipality, t.council, t.partnerships, t.caseStories].map((label) => ui('th', { scope: 'col' }, label))
        )
      ),
      h(
        'tbody',
        {},
        municipalityMap.map((m) =>
          h(
            'tr',
            {},
            h('th', { scope: 'row' }, h('button', { type: 'button', class: 'link', onclick: () => choose(m.code) }, m.name)),
            ui('td', {}, m.hasIntegrationCouncil ? t.yes : t.no),
            h('td', {}, String(m.partnershipCount)),
            h('td', {}, String(m.caseStoryCount))
          )
        )
      )
    )
  );
  const legend = h(
    'ul',
    { class: 'legend' },
    h('li', {}, h('span', { class: 'swatch council', 'aria-hidden': 'true' }), ui('span', {}, t.council)),
    h('li', {}, h('span', { class: 'swatch', 'aria-hidden': 'true' }), ui('span', {}, t.noCouncil)),
    h('li', {}, h('span', { class: 'dot', 'aria-hidden': 'true' }), ui('span', {}, t.hasContent))
  );
  render(
    pageTitle(t.map),
    ui('p', { class: 'intro' }, t.mapIntro),
    h(
      'div',
      { class: 'map-layout' },
      h(
        'div',
        { class: 'map' },
        drawMap(geojson, municipalityMap, {
          onChoose: choose,
          label: (m) => `${m.name}: ${m.hasIntegrationCouncil ? t.council : t.noCouncil}, ${m.partnershipCount} ${t.partnerships.toLowerCase()}, ${m.caseStoryCount} ${t.caseStories.toLowerCase()}`,
        }),
        legend,
        h('p', { class: 'attribution' }, geojson.attribution)
      ),
      results
    ),
    table
  );
}

async function searchPage(query) {
  const text = query.get('q') || '';
  const form = h(
    'form',
    {
      role: 'search',
      class: 'search',
      onsubmit: (event) => {
        event.preventDefault();
        location.hash = `/search?q=${encodeURIComponent(new FormData(event.target).get('q') || '')}`;
      },
    },
    ui('label', { for: 'q' }, t.searchLabel),
    h('input', { id: 'q', name: 'q', type: 'search', value: text, maxlength: 200, required: true }),
    ui('button', { type: 'submit' }, t.searchButton)
  );
  const nodes = [pageTitle(t.search), form];
  if (text.trim()) {
    const { search } = await graphql(
      `
        query Search($q: String!, $locale: I18NLocaleCode, $fallback: [I18NLocaleCode!]) {
          search(query: $q, locale: $locale, fallbackLocales: $fallback, pagination: { pageSize: 20 }) {
            hits {
              type
              slug
              title
              locale
              snippet
            }
            pageInfo {
              total
            }
          }
        }
      `,
      { q: text, locale: lang, fallback: chain() }
    );
    const paths = { case_story: 'case-stories', partnership: 'partnerships', press_release: 'press' };
    nodes.push(
      ui('p', { role: 'status' }, t.hits(search.pageInfo.total)),
      h(
        'ol',
        { class: 'hits' },
        search.hits.map((hit) => {
          const snippet = h('p', {});
          snippet.innerHTML = hit.snippet; // escaped by the server; only <mark> is markup
          return h('li', languageOf(hit), ui('span', { class: 'meta' }, t.types[hit.type]), ' ', h('a', { href: href(`/${paths[hit.type]}/${hit.slug}`) }, hit.title), snippet);
        })
      )
    );
  }
  render(nodes);
}

function notFound() {
  render(pageTitle(t.notFound), h('p', {}, h('a', { href: href('/') }, t.caseStories)));
}

// ------------------------------------------------------------------------------------------
// Router, language, start

const ROUTES = [
  [/^\/?$/, 'case-stories', (m, q) => caseStoriesPage(q)],
  [/^\/case-stories\/([^/]+)$/, 'case-stories', (m) => caseStoryPage(decodeURIComponent(m[1]))],
  [/^\/partnerships$/, 'partnerships', () => partnershipsPage()],
  [/^\/partnerships\/([^/]+)$/, 'partnerships', (m) => partnershipPage(decodeURIComponent(m[1]))],
  [/^\/press$/, 'press', () => pressPage()],
  [/^\/press\/([^/]+)$/, 'press', (m) => pressReleasePage(decodeURIComponent(m[1]))],
  [/^\/map$/, 'map', () => mapPage()],
  [/^\/search$/, 'search', (m, q) => searchPage(q)],
];

async function route() {
  const [path, search = ''] = (location.hash.replace(/^#/, '') || '/').split('?');
  const match = ROUTES.map(([pattern, nav, page]) => [pattern.exec(path), nav, page]).find(([m]) => m);
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (match && link.dataset.nav === match[1]) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  main.setAttribute('aria-busy', 'true');
  try {
    if (!match) notFound();
    else await match[2](match[0], new URLSearchParams(search));
  } catch (error) {
    render(pageTitle(t.error), h('p', { class: 'error' }, String(error.message)));
  } finally {
    main.removeAttribute('aria-busy');
    document.body.dataset.ready = 'true';
  }
}

async function start() {
  ({ i18NLocales: locales } = await graphql('{ i18NLocales { code name direction } }'));
  // A language the CMS does not have (an old link, `en-US`): its base language, else Danish. The
  // API refuses a locale it does not have.
  if (!locales.some((locale) => locale.code === lang)) {
    const next = new URLSearchParams(location.search);
    const base = lang.split('-')[0].toLowerCase();
    if (locales.some((locale) => locale.code === base)) next.set('lang', base);
    else next.delete('lang');
    const search = next.toString();
    location.replace(`${location.pathname}${search ? `?${search}` : ''}${location.hash}`);
    return;
  }
  const html = document.documentElement;
  html.lang = lang;
  html.dir = direction(lang);
  announceFeeds();
  for (const element of document.querySelectorAll('[data-t]')) {
    element.textContent = t[element.dataset.t];
    for (const [name, value] of Object.entries(uiLanguage())) if (value) element.setAttribute(name, value);
  }
  for (const element of document.querySelectorAll('[data-t-label]')) element.setAttribute('aria-label', t[element.dataset.tLabel]);
  const select = document.getElementById('language');
  select.replaceChildren(...locales.map((locale) => h('option', { value: locale.code, lang: locale.code, selected: locale.code === lang }, localeName(locale.code, locale.code))));
  select.addEventListener('change', () => {
    const next = new URLSearchParams(location.search);
    next.set('lang', select.value);
    location.search = next.toString();
  });
  for (const link of document.querySelectorAll('a[href^="#/"]')) link.href = href(link.getAttribute('href').slice(1));
  // The skip link moves the focus; it must not change the route.
  document.querySelector('.skip').addEventListener('click', (event) => {
    event.preventDefault();
    main.focus();
  });
  window.addEventListener('hashchange', () => route().then(() => main.focus()));
  await route();
}

start().catch((error) => render(h('h1', {}, t.error), h('p', { class: 'error' }, String(error.message))));
