import { startStrapi, PNG, type StrapiInstance } from '../helpers/strapi';

const CM = '/content-manager/collection-types';
const PRESS_RELEASE = 'api::press-release.press-release';
const DAY = 24 * 60 * 60 * 1000;

type Link = { id: number; documentId: string; locale: string; journalistName: string; status: string; accesses: number; url?: string; revokedBy: string | null };
type FieldErrors = { error: { message: string; details: { errors: Array<{ path: string[]; message: string }> } } };

/** The next whole minute, `days` ahead. */
const ahead = (days: number) => new Date(Math.ceil((Date.now() + days * DAY) / 60000) * 60000).toISOString();

/**
 * Journalist links (plugins/embargo-links): an editor makes a private, expiring, revocable link
 * to a press release under embargo for a named journalist; the page is read-only with the embargo
 * in a banner, never cached or indexed; every opening is logged; a revocation holds at once, also
 * on another instance.
 */
describe('journalist links to embargoed press releases', () => {
  let app: StrapiInstance;
  let second: StrapiInstance;
  let editor: Record<string, string>;
  let documentId: string;
  const releaseDate = ahead(2);

  /** The admin API as the editor (or `as`). */
  const asEditor = (method: string, route: string, body?: unknown, as = editor) => app.admin(method, route, body, as);
  const makeLink = async (data: Record<string, unknown>) => {
    const made = await asEditor('POST', '/embargo-links/links', {
      documentId,
      locale: 'da',
      journalistName: 'Mette Journalist',
      journalistEmail: 'mette@avis.dk',
      outlet: 'Fyens Stiftstidende',
      ...data,
    });
    expect(made.status).toBe(201);
    return made.body.data as Link & { url: string };
  };
  /** The journalist's page, opened on `instance`. */
  const open = (url: string, instance = app) => fetch(`${instance.url}${new URL(url).pathname}`, { headers: { 'user-agent': 'Redaktionens browser' } });

  beforeAll(async () => {
    app = await startStrapi();
    second = await startStrapi({}, { database: app.database });
    editor = { authorization: `Bearer ${await app.registerAdminUser('strapi-editor', 'embargo-editor@example.com', 'Redaktion-Embargo-2025')}` };
    const contacts = await app.admin('GET', `${CM}/api::contact.contact?locale=da`);
    const contact = contacts.body.results.find((row: { email: string }) => row.email === 'ifr@bs.dk');
    const file = await app.uploadFile('sprogcafe.png', PNG, 'image/png', 'Sprogcafé i Vollsmose Bibliotek');
    documentId = await app.createDocument(PRESS_RELEASE, 'da', {
      title: 'Nye sprogcaféer <i>åbner</i> i Vollsmose',
      slug: 'nye-sprogcafeer-aabner-i-vollsmose',
      lead: 'Biblioteket og integrationsrådet åbner tre sprogcaféer.',
      body: [
        { type: 'paragraph', children: [{ type: 'text', text: 'Caféerne åbner i januar. <script>alert(1)</script>' }] },
        { type: 'list', format: 'unordered', children: [{ type: 'list-item', children: [{ type: 'text', text: 'Hver tirsdag', bold: true }] }] },
        { type: 'paragraph', children: [{ type: 'link', url: 'https://www.odense.dk/sprogcafe', children: [{ type: 'text', text: 'Læs mere' }] }] },
      ],
      releaseDate,
      publishAt: releaseDate,
      contacts: [contact.documentId],
      mediaKit: [{ file, kind: 'photo', title: 'Sprogcaféen', credit: 'Odense Bibliotekerne', licence: 'press_use' }],
    });
  });

  afterAll(async () => {
    await second?.stop({ keepDatabase: true });
    await app?.stop();
  });

  test('an editor makes a link for a named journalist; the page shows the release read-only, the embargo in a banner, never cached or indexed', async () => {
    const link = await makeLink({});
    expect(link.url).toMatch(/^http:\/\/localhost:\d+\/embargo\/[A-Za-z0-9_-]{43}$/);
    expect(link).toMatchObject({ documentId, locale: 'da', journalistName: 'Mette Journalist', status: 'active', accesses: 0 });
    // Seven days by default.
    expect(Math.abs(Date.parse((link as unknown as { expiresAt: string }).expiresAt) - (Date.now() + 7 * DAY))).toBeLessThan(60000);

    const response = await open(link.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('private, no-store, max-age=0');
    expect(response.headers.get('x-robots-tag')).toBe('noindex, nofollow, noarchive, nosnippet');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await response.text();
    const released = new Intl.DateTimeFormat('da-DK', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Copenhagen' }).format(new Date(releaseDate));
    expect(page).toContain(`EMBARGO: Må ikke offentliggøres før ${released}`);
    expect(page).toContain('Fortroligt link til Mette Journalist, Fyens Stiftstidende.');
    expect(page).toContain('<h1>Nye sprogcaféer &lt;i&gt;åbner&lt;/i&gt; i Vollsmose</h1>');
    expect(page).toContain('Biblioteket og integrationsrådet åbner tre sprogcaféer.');
    expect(page).toContain('<li><strong>Hver tirsdag</strong></li>');
    expect(page).toContain('<strong>Inger Frydendahl</strong>');
    expect(page).toContain('<a href="tel:+4533733326">+45 33 73 33 26</a>');
    expect(page).toContain('Foto: Odense Bibliotekerne');
    expect(page).toMatch(/<img src="\/uploads\/[^"]+\.png" alt="Sprogcafé i Vollsmose Bibliotek"/);
    expect(page).toContain('<a href="https://www.odense.dk/sprogcafe" rel="noreferrer">Læs mere</a>');
    // Read-only and inert: no script, no form; markup in the text is only text.
    expect(page).not.toMatch(/<script|<form|javascript:/i);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');

    // Still in no public channel.
    expect((await app.query('query($id: ID!) { pressRelease(documentId: $id, locale: "da") { title } }', { id: documentId })).pressRelease).toBeNull();
    const rest = (await (await fetch(`${app.url}/api/press-releases?locale=da&filters[documentId][$eq]=${documentId}`)).json()) as { data: unknown[] };
    expect(rest.data).toEqual([]);

    // The editor sees the opening; the token is given out once and listed nowhere.
    const listed = await asEditor('GET', `/embargo-links/links?documentId=${documentId}&locale=da`);
    expect(listed.status).toBe(200);
    const row = (listed.body.data as Link[]).find((candidate) => candidate.id === link.id)!;
    expect(row).toMatchObject({ accesses: 1, status: 'active' });
    expect(JSON.stringify(listed.body)).not.toContain(new URL(link.url).pathname.split('/').pop());
    const log = await asEditor('GET', `/embargo-links/links/${link.id}/accesses`);
    expect(log.body.data).toEqual([expect.objectContaining({ outcome: 'read', userAgent: 'Redaktionens browser' })]);
  });

  test('a revocation holds at once on another instance; an expired, unknown or malformed link opens nothing; each opening is logged', async () => {
    const link = await makeLink({ journalistName: 'Ali Reporter', outlet: null });
    // Opened on the second instance, revoked on the first, refused on the second at once.
    expect((await open(link.url, second)).status).toBe(200);
    const revoked = await asEditor('POST', `/embargo-links/links/${link.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.data).toMatchObject({ status: 'revoked', revokedBy: 'editor Test' });
    const refused = await open(link.url, second);
    expect(refused.status).toBe(410);
    expect(refused.headers.get('cache-control')).toBe('private, no-store, max-age=0');
    const refusal = await refused.text();
    expect(refusal).toContain('Linket er trukket tilbage');
    expect(refusal).not.toContain('sprogcaféer');
    const log = await asEditor('GET', `/embargo-links/links/${link.id}/accesses`);
    expect((log.body.data as Array<{ outcome: string }>).map((entry) => entry.outcome)).toEqual(['revoked', 'read']);

    // An expiry a few seconds ahead.
    const short = await makeLink({ expiresAt: new Date(Date.now() + 2000).toISOString() });
    expect((await open(short.url)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const expired = await open(short.url, second);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('Linket er udløbet');

    // A token that was never given out, one of the wrong shape, and a path trick: 404, the same page.
    const unknownToken = `${app.url}/embargo/${'A'.repeat(43)}`;
    for (const address of [unknownToken, `${app.url}/embargo/short`, `${app.url}/embargo/${encodeURIComponent('../admin')}`]) {
      const response = await open(address);
      expect(response.status).toBe(404);
      expect(await response.text()).toContain('Linket findes ikke');
    }
  });

  test('refused input names each field; authors and anonymous callers cannot make, list or revoke links', async () => {
    const refused = async (data: Record<string, unknown>) => {
      const response = await asEditor('POST', '/embargo-links/links', { documentId, locale: 'da', journalistName: 'Navn', journalistEmail: 'navn@avis.dk', ...data });
      expect(response.status).toBe(400);
      return (response.body as FieldErrors).error.details.errors.map((error) => `${error.path.join('.')}: ${error.message}`);
    };
    expect(await refused({ journalistName: '  ', journalistEmail: 'ikke en adresse' })).toEqual([
      "journalistName: The journalist's name is required",
      "journalistEmail: The journalist's email address is not valid",
    ]);
    expect(await refused({ expiresAt: '2020-01-01T00:00:00Z' })).toEqual(['expiresAt: The expiry has already passed']);
    expect(await refused({ expiresAt: new Date(Date.now() + 31 * DAY).toISOString() })).toEqual(['expiresAt: The expiry can be at most 30 days ahead']);
    expect(await refused({ expiresAt: 'i morgen' })).toEqual(['expiresAt: The expiry must be a date and time (ISO 8601)']);
    expect(await refused({ locale: 'en' })).toEqual(['documentId: There is no such document in the locale en']);
    expect(await refused({ documentId: 'findes-ikke' })).toEqual(['documentId: There is no such document in the locale da']);
    // The demo release is public already: its own address is the link.
    const demo = await app.admin('GET', `${CM}/${PRESS_RELEASE}?locale=da`);
    const public_ = demo.body.results.find((row: { documentId: string }) => row.documentId !== documentId);
    expect(await refused({ documentId: public_.documentId })).toEqual(['releaseDate: The release time has passed: the release is public, share its own address']);
    expect((await asEditor('POST', '/embargo-links/links', [])).status).toBe(400);

    const link = await makeLink({});
    const author = { authorization: `Bearer ${await app.registerAdminUser('strapi-author', 'embargo-author@example.com', 'Redaktion-Forfatter-2025')}` };
    expect((await asEditor('POST', '/embargo-links/links', { documentId, locale: 'da', journalistName: 'X', journalistEmail: 'x@avis.dk' }, author)).status).toBe(403);
    expect((await asEditor('GET', `/embargo-links/links?documentId=${documentId}`, undefined, author)).status).toBe(403);
    expect((await asEditor('POST', `/embargo-links/links/${link.id}/revoke`, undefined, author)).status).toBe(403);
    expect((await fetch(`${app.url}/embargo-links/links?documentId=${documentId}`)).status).toBe(401);
    expect((await fetch(`${app.url}/embargo-links/links/${link.id}/revoke`, { method: 'POST' })).status).toBe(401);
    expect((await open(link.url)).status).toBe(200);
    expect((await asEditor('POST', '/embargo-links/links/999999/revoke')).status).toBe(404);
  });
});
