import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import zlib from 'zlib';
import { eventually, publicContact, runProcess, startStrapi, thisMinute, type StrapiInstance } from '../helpers/strapi';

const CM = '/content-manager/collection-types';
const CONTACT = 'api::contact.contact';
const PRESS_RELEASE = 'api::press-release.press-release';

type ErrorBody = { error: { details: { errors: Array<{ path: string[]; message: string }> } } };

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);

/**
 * Contacts kept as a Danish public body must keep them (GDPR): shown publicly only where the
 * editor says so, per locale, with a lawful basis and a review date; hidden from every public
 * channel otherwise (GraphQL, REST, relations, filters and sorts through them, feeds, the
 * pages' metadata); hidden by the daily review once the date passes; and a deleted contact leaves
 * no copy in the database, the feeds, search or a backup.
 */
describe('contact persons, kept lawfully', () => {
  let app: StrapiInstance;
  let seq = 0;

  beforeAll(async () => {
    // The review runs every second here (daily at 02.15 by default).
    app = await startStrapi({ CONTACT_REVIEW_RULE: '* * * * * *', SCHEDULED_PUBLISHING_RULE: '* * * * * *' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  /** A published Danish press release naming `contacts`. */
  async function pressRelease(contacts: string[]) {
    seq += 1;
    const documentId = await app.createDocument(
      PRESS_RELEASE,
      'da',
      { title: `Kontakt ${seq}`, slug: `kontakt-${seq}`, lead: 'Om sprogcaféerne', releaseDate: thisMinute(), contacts: { connect: contacts.map((id) => ({ documentId: id, locale: 'da' })) } },
      { publish: true }
    );
    return documentId;
  }
  const servedContacts = async (documentId: string) =>
    ((await app.query(`query($id: ID!) { pressRelease(documentId: $id, locale: "da") { contacts { name } } }`, { id: documentId })).pressRelease.contacts as Array<{ name: string }>).map(
      (c) => c.name
    );

  test('a contact is shown publicly only with a lawful basis and a review date that has not passed; refusals name the field', async () => {
    const refused = async (data: Record<string, unknown>) => {
      const response = await app.admin('POST', `${CM}/${CONTACT}?locale=da`, { name: 'Ny kontakt', email: 'ny@example.dk', ...data });
      expect(response.status).toBe(400);
      return (response.body as ErrorBody).error.details.errors.map((error) => `${error.path.join('.')}: ${error.message}`);
    };
    expect(await refused({ showPublicly: true, reviewDate: day(30) })).toEqual(['lawfulBasis: Behandlingsgrundlag: vælg et behandlingsgrundlag, før personen vises offentligt.']);
    expect(await refused({ showPublicly: true, lawfulBasis: 'consent' })).toEqual([
      'reviewDate: Gennemgås senest: sæt en dato for, hvornår oplysningerne senest skal gennemgås, før personen vises offentligt.',
    ]);
    expect((await refused({ showPublicly: true, lawfulBasis: 'consent', reviewDate: day(-2) }))[0]).toMatch(/^reviewDate: Gennemgås senest: .* er passeret\. Gennemgå oplysningerne og sæt en ny dato/);

    // Shown in Danish; a hidden English version of the same person.
    const shown = await app.createDocument(CONTACT, 'da', { name: 'Offentlig Person', email: 'offentlig@example.dk', ...publicContact() });
    const english = await app.admin('PUT', `${CM}/${CONTACT}/${shown}?locale=en`, { name: 'Offentlig Person', jobTitle: 'Press officer', showPublicly: false });
    expect(english.status).toBe(200);
    const hidden = await app.createDocument(CONTACT, 'da', { name: 'Skjult Person', email: 'skjult@example.dk', lawfulBasis: 'consent', reviewDate: day(30) });
    // Clearing the basis of a person shown in another locale is refused too.
    const cleared = await app.admin('PUT', `${CM}/${CONTACT}/${shown}?locale=en`, { lawfulBasis: null });
    expect(cleared.status).toBe(400);

    const release = await pressRelease([shown, hidden]);
    expect(await servedContacts(release)).toEqual(['Offentlig Person']);
    const list = await app.query<{ contacts: Array<{ name: string; locale: string }> }>('{ contacts(locale: "da", pagination: { limit: 100 }) { name locale } }');
    expect(list.contacts.map((c) => c.name)).toContain('Offentlig Person');
    expect(list.contacts.map((c) => c.name)).not.toContain('Skjult Person');
    // The English version is hidden: not served in English.
    const inEnglish = await app.query<{ contacts: Array<{ name: string; locale: string }> }>('{ contacts(locale: "en", pagination: { limit: 100 }) { name locale } }');
    expect(inEnglish.contacts.filter((c) => c.locale === 'en').map((c) => c.name)).not.toContain('Offentlig Person');
    // By id, in REST, through a relation filter, a populate with its own filters: nothing of the hidden one.
    const byId = await app.query('query($id: ID!) { contact(documentId: $id, locale: "da") { name } }', { id: hidden });
    expect(byId.contact).toBeNull();
    const rest = (await (await fetch(`${app.url}/api/contacts?locale=da&pagination[pageSize]=100`)).json()) as { data: Array<{ name: string }> };
    expect(rest.data.map((c) => c.name)).not.toContain('Skjult Person');
    expect((await fetch(`${app.url}/api/contacts/${hidden}?locale=da`)).status).toBe(404);
    const populated = (await (await fetch(`${app.url}/api/press-releases?locale=da&filters[documentId][$eq]=${release}&populate[contacts][filters][name][$eq]=Skjult%20Person`)).json()) as {
      data: Array<{ contacts: unknown[] }>;
    };
    expect(populated.data[0].contacts).toEqual([]);
    const guessed = await app.query<{ pressReleases: unknown[] }>('{ pressReleases(locale: "da", filters: { contacts: { email: { startsWith: "skjult" } } }) { title } }');
    expect(guessed.pressReleases).toEqual([]);
    expect((await fetch(`${app.url}/api/press-releases?locale=da&sort=contacts.name`)).status).toBe(403);
    // The private fields are not offered, and filtering by them finds nothing more.
    const privateField = await app.graphql('{ contacts(locale: "da") { name showPublicly lawfulBasis reviewDate } }');
    expect(privateField.errors?.[0].message).toMatch(/Cannot query field "showPublicly"/);
    const byPrivate = await fetch(`${app.url}/api/contacts?locale=da&filters[showPublicly][$eq]=false`);
    const byPrivateBody = (await byPrivate.json()) as { data?: Array<{ name: string }> };
    expect(byPrivate.status === 400 || !(byPrivateBody.data ?? []).some((c) => c.name === 'Skjult Person')).toBe(true);
    // Feeds and the page's metadata name only the person shown.
    const rss = await (await fetch(`${app.url}/feeds/da/press-releases.xml`)).text();
    expect(rss).toContain('offentlig@example.dk (Offentlig Person)');
    expect(rss).not.toContain('skjult@example.dk');
    const metadata = await app.query('query($id: ID!) { pressRelease(documentId: $id, locale: "da") { pageMetadata { authors } } }', { id: release });
    expect(metadata.pressRelease.pageMetadata.authors).toEqual(['Offentlig Person']);

    // Hidden by the editor: gone from the release, the feed and the list at once (the caches follow).
    expect((await app.admin('PUT', `${CM}/${CONTACT}/${shown}?locale=da`, { showPublicly: false })).status).toBe(200);
    expect(await servedContacts(release)).toEqual([]);
    expect(await (await fetch(`${app.url}/feeds/da/press-releases.xml`)).text()).not.toContain('offentlig@example.dk');
  });

  test('the daily review hides a contact whose review date has passed, and the editors find it', async () => {
    const contact = await app.createDocument(CONTACT, 'da', { name: 'Gennemgå Mig', email: 'gennemgaa@example.dk', ...publicContact() });
    const release = await pressRelease([contact]);
    expect(await servedContacts(release)).toEqual(['Gennemgå Mig']);
    // A year passes: the review date is yesterday (set behind the app's back, as time would).
    await app.database.execute(`UPDATE contacts SET review_date = '${day(-1)}' WHERE document_id = '${contact}'`);
    expect(await eventually(async () => (await servedContacts(release)).length === 0)).toBe(true);
    expect(app.logs()).toMatch(new RegExp(`\\[contacts\\] hid Gennemgå Mig \\(${contact}, da\\): the review date ${day(-1)} has passed`));
    const stored = await app.admin('GET', `${CM}/${CONTACT}/${contact}?locale=da`);
    expect(stored.body.data.showPublicly).toBe(false);
    // What the admin's home page lists for the editors: contacts whose review date has passed.
    const due = await app.admin('GET', `${CM}/${CONTACT}?locale=da&filters[reviewDate][$lt]=${day(0)}&sort=reviewDate:asc`);
    expect(due.body.results.map((row: { name: string }) => row.name)).toContain('Gennemgå Mig');
    // Shown again only with a new date.
    expect((await app.admin('PUT', `${CM}/${CONTACT}/${contact}?locale=da`, { showPublicly: true })).status).toBe(400);
    expect((await app.admin('PUT', `${CM}/${CONTACT}/${contact}?locale=da`, { showPublicly: true, reviewDate: day(365) })).status).toBe(200);
    expect(await servedContacts(release)).toEqual(['Gennemgå Mig']);
  });

  test('a deleted contact leaves no copy: not in published releases, feeds, search, any table of the database, or a backup made after', async () => {
    const email = `slet-${crypto.randomBytes(4).toString('hex')}@example.dk`;
    const name = 'Slettes Helt';
    const contact = await app.createDocument(CONTACT, 'da', { name, email, phone: '33 12 34 56', ...publicContact() });
    const release = await pressRelease([contact]);
    // Read once through every channel, so that the caches hold it.
    expect(await servedContacts(release)).toEqual([name]);
    expect(await (await fetch(`${app.url}/feeds/da/press-releases.xml`)).text()).toContain(email);
    expect(await (await fetch(`${app.url}/feeds/da/press-releases.atom`)).text()).toContain(email);

    // Every row of every table, read behind the app's back: where the person is.
    const tables =
      app.database.client === 'sqlite'
        ? (await app.database.rows<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")).map((row) => row.name)
        : (await app.database.rows<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'")).map((row) => row.name);
    expect(tables).toEqual(expect.arrayContaining(['contacts', 'press_releases', 'search_entries', 'change_event_deliveries']));
    const holding = async () => {
      const found: string[] = [];
      for (const table of tables) {
        const rows = JSON.stringify(await app.database.rows(`SELECT * FROM "${table}"`));
        if (rows.includes(email) || rows.includes(name)) found.push(table);
      }
      return found;
    };
    expect(await holding()).toEqual(['contacts']);

    const deleted = await app.admin('DELETE', `${CM}/${CONTACT}/${contact}?locale=*`);
    expect(deleted.status).toBe(200);
    expect(await servedContacts(release)).toEqual([]);
    for (const feed of ['/feeds/da/press-releases.xml', '/feeds/da/press-releases.atom']) expect(await (await fetch(`${app.url}${feed}`)).text()).not.toContain(email);
    const search = await app.query<{ search: { hits: unknown[] } }>(`{ search(query: "Slettes", locale: "da") { hits { title } } }`);
    expect(search.search.hits).toEqual([]);
    expect(await holding()).toEqual([]);

    // A backup made now holds no trace of the person either.
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lpc-contacts-'));
    try {
      // Unencrypted, to read it here (the archive is the same, encrypted or not).
      const result = await runProcess(['scripts/backup.js', path.join(work, 'after-delete'), '--no-encrypt'], { ...app.env, BACKUP_ENCRYPTION_KEY: '' }, 180000);
      expect(result.code).toBe(0);
      const plain = zlib.gunzipSync(fs.readFileSync(path.join(work, 'after-delete.tar.gz'))).toString('utf8');
      expect(plain).toContain('ifr@bs.dk'); // the other contacts are in it
      expect(plain).not.toContain(email);
      expect(plain).not.toContain(name);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }, 240000);
});
