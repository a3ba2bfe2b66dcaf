import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import zlib from 'zlib';
import { utils as transferUtils } from '@strapi/data-transfer';
import * as tar from 'tar';
import { createTestDatabase, testClient, type TestDatabase } from '../helpers/database';
import { PNG, ROOT, TEST_ADMIN, runProcess, startStrapi, thisMinute, type StrapiInstance } from '../helpers/strapi';
import { WebhookReceiver, webhookSecret } from '../helpers/webhook-receiver';

const CM = '/content-manager/collection-types';
const CASE_STORY = 'api::case-story.case-story';
const PARTNERSHIP = 'api::partnership.partnership';
const PRESS_RELEASE = 'api::press-release.press-release';
const FILE = 'plugin::upload.file';
/** Each step starts Strapi at least once (the scripts load the app, restore compiles it first). */
const STEP_TIMEOUT = 600000;

/** An RGB PNG with a gradient; Strapi makes a thumbnail of images this large. */
function gradientPng(width: number, height: number, seed: number): Buffer {
  const stride = width * 3 + 1;
  const raw = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      const at = y * stride + 1 + x * 3;
      raw[at] = (x * seed) & 255;
      raw[at + 1] = (y * 3) & 255;
      raw[at + 2] = (x + y + seed * 40) & 255;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(zlib.crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');
const paragraphs = (...texts: string[]) => texts.map((text) => ({ type: 'paragraph', children: [{ type: 'text', text }] }));

type Row = Record<string, any>;
type Dump = Record<string, Row[]>;

const LISTS = `{
  caseStories(locale: "da", sort: "title", pagination: { pageSize: 100 }) { documentId title }
  pressReleases(locale: "da", sort: "title", pagination: { pageSize: 100 }) { documentId title }
}`;
const STORIES_IN_ENGLISH = `{
  caseStories(locale: "en", sort: "title", pagination: { pageSize: 100 }) {
    documentId title slug summary place locale
    municipality { code name }
    partnership { title partners { name } }
    organisations { name }
    focusAreas { title }
    heroImage { name alternativeText mime size url }
    gallery { name alternativeText url formats }
    quotes { text author role }
    outcomes { value label }
  }
}`;
const SECOND_ADMIN = 'redaktor@example.com';
const SEARCH = `query Search($query: String!, $locale: I18NLocaleCode) {
  search(query: $query, locale: $locale, pagination: { pageSize: 50 }) { hits { type documentId title locale } pageInfo { total } }
}`;

/**
 * `npm run backup` and `npm run restore` as an operator runs them, against an instance with the demo
 * content and generated documents, images and relations: a round trip into a fresh database, the
 * refusals that leave a database alone, and a restore over a running instance's database.
 */
describe(`backup and restore (${testClient()})`, () => {
  const key = crypto.randomBytes(32).toString('base64');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lpc-backup-'));
  const uploadsDir = path.join(ROOT, 'public', 'uploads');
  const keptUploads = path.join(work, 'kept-uploads');
  const backupsDir = path.join(ROOT, 'backups');
  const hadBackupsDir = fs.existsSync(backupsDir);
  // The restore over a running instance is checked against a shared response cache (on even in `npm run test:plain`).
  const redis = { REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', GRAPHQL_CACHE_REDIS_PREFIX: `lpc-test:${crypto.randomUUID()}:`, GRAPHQL_CACHE: 'true' };
  let source: StrapiInstance;
  let fresh: TestDatabase;
  let restored: StrapiInstance | undefined;
  let archive = '';
  /** The sha256 of each file (and each format of an image) as the source served it, by URL. */
  const served = new Map<string, string>();
  /** The names of the uploaded files. */
  const uploaded = new Set<string>();
  /** documentIds of the generated documents. */
  const generated = { stories: [] as string[], partnerships: [] as string[], pressReleases: [] as string[] };

  beforeAll(async () => {
    // A restore replaces public/uploads with the archive's files: the folder is put back as it was at the end.
    fs.cpSync(uploadsDir, keptUploads, { recursive: true });
    source = await startStrapi(redis);
    fresh = await createTestDatabase();
  }, STEP_TIMEOUT);

  afterAll(async () => {
    if (restored) await restored.stop();
    else await fresh?.drop();
    await source?.stop();
    if (fs.existsSync(keptUploads)) {
      fs.rmSync(uploadsDir, { recursive: true, force: true });
      fs.cpSync(keptUploads, uploadsDir, { recursive: true });
    }
    fs.rmSync(work, { recursive: true, force: true });
    if (!hadBackupsDir && fs.existsSync(backupsDir) && fs.readdirSync(backupsDir).length === 0) fs.rmdirSync(backupsDir);
  });

  /** The environment of a script run against `database` (the source's unless named). */
  const scriptEnv = (database?: TestDatabase, extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({
    ...source.env,
    ...(database ? { ...database.env, REDIS_URL: '' } : {}),
    BACKUP_ENCRYPTION_KEY: key,
    ...extra,
  });
  const backup = (args: string[], env = scriptEnv()) => runProcess(['scripts/backup.js', ...args], env, STEP_TIMEOUT);
  /** Runs npm run restore; the import log it writes into the project's backups/ is checked and removed. */
  async function restore(args: string[], env: NodeJS.ProcessEnv) {
    const result = await runProcess(['scripts/restore.js', ...args], env, STEP_TIMEOUT);
    const log = /\[restore\] Strapi's import log: (.+)/.exec(result.output)?.[1];
    if (log) {
      expect(path.dirname(log)).toBe(backupsDir);
      expect(fs.readFileSync(log, 'utf8')).toContain('[import]');
      fs.rmSync(log);
    }
    return result;
  }

  /** Every document version, relation, media entry and locale of a database (tests/helpers/content-dump.js). */
  async function dump(env: NodeJS.ProcessEnv): Promise<Dump> {
    const file = path.join(work, `dump-${crypto.randomUUID()}.json`);
    const result = await runProcess(['tests/helpers/content-dump.js', file], { ...env, REDIS_URL: '', SEED_DEMO_CONTENT: 'false', SCHEDULED_PUBLISHING: 'false' }, STEP_TIMEOUT);
    if (result.code !== 0) throw new Error(`content-dump failed:\n${result.output}`);
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Dump;
  }

  /** A copy of an archive with its schemas changed by `change`, encrypted with the same key. */
  async function withSchemaChange(file: string, change: (schemas: Row[]) => void): Promise<string> {
    const decipher = transferUtils.encryption.createDecryptionCipher(key);
    const plain = zlib.gunzipSync(Buffer.concat([decipher.update(fs.readFileSync(file)), decipher.final()]));
    const dir = fs.mkdtempSync(path.join(work, 'changed-'));
    fs.writeFileSync(path.join(dir, 'archive.tar'), plain);
    const contents = path.join(dir, 'contents');
    fs.mkdirSync(contents);
    await tar.x({ file: path.join(dir, 'archive.tar'), cwd: contents });
    for (const name of fs.readdirSync(path.join(contents, 'schemas'))) {
      const schemaFile = path.join(contents, 'schemas', name);
      const schemas = fs
        .readFileSync(schemaFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Row);
      change(schemas);
      fs.writeFileSync(schemaFile, `${schemas.map((schema) => JSON.stringify(schema)).join('\n')}\n`);
    }
    await tar.c({ file: path.join(dir, 'changed.tar'), cwd: contents }, fs.readdirSync(contents));
    const cipher = transferUtils.encryption.createEncryptionCipher(key);
    const changed = path.join(dir, 'changed.tar.gz.enc');
    const gzipped = zlib.gzipSync(fs.readFileSync(path.join(dir, 'changed.tar')));
    fs.writeFileSync(changed, Buffer.concat([cipher.update(gzipped), cipher.final()]));
    return changed;
  }

  /** The tables of a database: none in one the app has never been started on. */
  const tables = async (database: TestDatabase): Promise<string[]> =>
    database.client === 'sqlite'
      ? (await database.rows<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")).map((row) => row.name)
      : (await database.rows<{ table_name: string }>("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")).map((row) => row.table_name);

  /** What a restore would change in the source's database: its documents and media entries. */
  const fingerprint = async (database: TestDatabase) => ({
    stories: await database.rows('SELECT document_id, locale, published_at, title, updated_at FROM case_stories ORDER BY document_id, locale, published_at'),
    releases: await database.rows('SELECT document_id, locale, published_at, title, updated_at FROM press_releases ORDER BY document_id, locale, published_at'),
    files: await database.rows('SELECT hash, name, alternative_text, updated_at FROM files ORDER BY hash'),
  });

  /** What the archive does not hold: the administrators, API tokens and who created each document. */
  const adminSide = async (database: TestDatabase) => ({
    admins: (await database.rows<{ email: string }>('SELECT email FROM admin_users ORDER BY email')).map((row) => row.email),
    apiTokens: (await database.rows<{ name: string }>('SELECT name FROM strapi_api_tokens ORDER BY name')).map((row) => row.name),
    storiesWithCreator: (await database.rows<{ count: string | number }>('SELECT count(*) AS count FROM case_stories WHERE created_by_id IS NOT NULL'))[0].count,
  });

  const search = async (app: StrapiInstance, query: string, locale: string) =>
    (await app.query<{ search: { hits: Array<{ type: string; documentId: string; title: string; locale: string }>; pageInfo: { total: number } } }>(SEARCH, { query, locale })).search;

  async function listed(uid: string, locale?: string): Promise<Row[]> {
    const answer = await source.admin('GET', `${CM}/${uid}?pageSize=100${locale ? `&locale=${locale}` : ''}`);
    if (answer.status !== 200) throw new Error(`Listing ${uid} failed: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.results;
  }
  const connect = (locale: string | null, ...documentIds: string[]) => ({ connect: documentIds.map((documentId) => (locale ? { documentId, locale } : { documentId })) });

  /** Adds a locale version of a document in the Content Manager, as an editor does, and publishes it. */
  async function translate(uid: string, documentId: string, locale: string, data: Row, { publish = true } = {}) {
    const saved = await source.admin('PUT', `${CM}/${uid}/${documentId}?locale=${locale}`, data);
    if (saved.status !== 200) throw new Error(`Saving ${uid} ${documentId} (${locale}) failed: HTTP ${saved.status} ${JSON.stringify(saved.body)}`);
    if (!publish) return;
    const published = await source.admin('POST', `${CM}/${uid}/${documentId}/actions/publish?locale=${locale}`, {});
    if (published.status !== 200 && published.status !== 201) throw new Error(`Publishing ${uid} ${documentId} (${locale}) failed: HTTP ${published.status} ${JSON.stringify(published.body)}`);
  }

  /** A document in Danish and English (published), its data per locale. */
  async function bilingual(uid: string, dataFor: (locale: 'da' | 'en') => Row): Promise<string> {
    const documentId = await source.createDocument(uid, 'da', dataFor('da'), { publish: true });
    await translate(uid, documentId, 'en', dataFor('en'));
    return documentId;
  }

  test(
    'the source: the demo content plus generated case stories, partnerships and press releases in da and en, with relations and images with alternative text',
    async () => {
      const files = {
        hero: ['gellerup-laeringscenter.png', gradientPng(400, 300, 3), 'image/png', 'Børn og frivillige ved lektiehjælpen på Gellerup Bibliotek'],
        gallery: ['vollsmose-sprogcafe.png', gradientPng(320, 200, 7), 'image/png', 'Sprogcaféen på Vollsmose Bibliotek en tirsdag'],
        logo: ['integrationsraad-logo.png', PNG, 'image/png', 'Integrationsrådets logo'],
        agreement: ['samarbejdsaftale.pdf', PDF, 'application/pdf', 'Samarbejdsaftalen som PDF'],
      } as const;
      const fileIds: Record<string, number> = {};
      for (const [role, [name, bytes, mime, alt]] of Object.entries(files)) {
        fileIds[role] = await source.uploadFile(name, bytes, mime, alt);
        uploaded.add(name);
      }

      const municipalities = await listed('api::municipality.municipality');
      const municipality = (code: string) => municipalities.find((row) => row.code === code)!.documentId as string;
      const organisations = (await listed('api::organisation.organisation', 'da')).map((row) => row.documentId as string);
      const focusAreas = (await listed('api::focus-area.focus-area', 'da')).map((row) => row.documentId as string);
      const contacts = (await listed('api::contact.contact', 'da')).filter((row) => row.email).map((row) => row.documentId as string);
      expect(organisations.length).toBeGreaterThan(3);
      expect(contacts.length).toBeGreaterThan(0);

      const cities = [
        { name: 'Aarhus', code: '751', place: 'Gellerup' },
        { name: 'Odense', code: '461', place: 'Vollsmose' },
        { name: 'Aalborg', code: '851', place: 'Aalborg Øst' },
      ];
      for (const [i, city] of cities.slice(0, 2).entries()) {
        generated.partnerships.push(
          await bilingual(PARTNERSHIP, (locale) => ({
            title: locale === 'da' ? `Kopiprøve: partnerskab i ${city.name}` : `Copytrial: partnership in ${city.name}`,
            summary: locale === 'da' ? `Bibliotek og integrationsråd i ${city.name} arbejder sammen.` : `Library and integration council in ${city.name} work together.`,
            description: paragraphs(locale === 'da' ? 'Aftalen gælder i tre år.' : 'The agreement runs for three years.'),
            level: 'municipal',
            partnershipStatus: 'active',
            startDate: `2025-0${i + 1}-01`,
            municipality: connect(null, municipality(city.code)),
            partners: connect(locale, organisations[i], organisations[i + 2]),
            focusAreas: connect(locale, focusAreas[i % focusAreas.length]),
            contacts: connect(locale, contacts[0]),
            activities: [{ title: locale === 'da' ? 'Sprogcafé' : 'Language café', description: locale === 'da' ? 'Hver tirsdag.' : 'Every Tuesday.', kind: 'language_cafe' }],
            seo: { metaTitle: `${city.name} ${locale}`, metaDescription: locale === 'da' ? 'Et partnerskab.' : 'A partnership.', shareImage: fileIds.gallery },
            agreementDocument: fileIds.agreement,
          }))
        );
      }
      for (const [i, city] of cities.entries()) {
        generated.stories.push(
          await bilingual(CASE_STORY, (locale) => ({
            title: locale === 'da' ? `Kopiprøve ${i + 1}: lektiehjælp i ${city.place}` : `Copytrial ${i + 1}: homework help in ${city.place}`,
            summary: locale === 'da' ? `Frivillige hjælper børn i ${city.place}.` : `Volunteers help children in ${city.place}.`,
            body: paragraphs(locale === 'da' ? 'Biblioteket åbner hver eftermiddag.' : 'The library opens every afternoon.'),
            lessonsLearned: paragraphs(locale === 'da' ? 'Spørg integrationsrådet tidligt.' : 'Ask the integration council early.'),
            place: city.place,
            municipality: connect(null, municipality(city.code)),
            partnership: connect(locale, generated.partnerships[i % 2]),
            organisations: connect(locale, organisations[i], organisations[i + 1]),
            focusAreas: connect(locale, ...focusAreas.slice(0, 2)),
            contacts: connect(locale, contacts[0]),
            heroImage: i === 2 ? fileIds.logo : fileIds.hero,
            gallery: [fileIds.gallery, fileIds.logo],
            quotes: [{ text: locale === 'da' ? 'Her lærer vi af hinanden.' : 'Here we learn from each other.', author: 'Amina', role: locale === 'da' ? 'Frivillig' : 'Volunteer' }],
            outcomes: [{ value: `${20 + i}`, label: locale === 'da' ? 'børn om ugen' : 'children a week' }],
            seo: { metaTitle: `${city.place} ${locale}`, shareImage: fileIds.hero },
          }))
        );
      }
      for (const [i, city] of cities.slice(0, 2).entries()) {
        generated.pressReleases.push(
          await bilingual(PRESS_RELEASE, (locale) => ({
            title: locale === 'da' ? `Kopiprøve: nyt samarbejde i ${city.name} (${i ? 'pressemeddelelsesord' : 'første'})` : `Copytrial: new cooperation in ${city.name}`,
            lead: locale === 'da' ? 'Biblioteket og integrationsrådet indgår aftale.' : 'The library and the integration council sign an agreement.',
            body: paragraphs(locale === 'da' ? 'Aftalen blev underskrevet i dag.' : 'The agreement was signed today.'),
            // Released now: an editor cannot give a press release a release date that has passed.
            releaseDate: new Date(Date.parse(thisMinute()) + i * 1000).toISOString(),
            contacts: connect(locale, contacts[0]),
            relatedLinks: [{ label: locale === 'da' ? 'Aftalen' : 'The agreement', url: `https://example.dk/${city.code}/${locale}` }],
            organisations: connect(locale, organisations[i]),
            partnerships: connect(locale, generated.partnerships[i]),
            caseStories: connect(locale, generated.stories[i], generated.stories[2]),
            attachments: [fileIds.agreement, fileIds.hero],
          }))
        );
      }
      // A draft that was never published, with an Arabic version; and a published story with newer draft changes.
      const draft = await source.createDocument(CASE_STORY, 'da', { title: 'Kopiprøve: kladde om Brabrand', place: 'Brabrand', gallery: [fileIds.hero] });
      await translate(CASE_STORY, draft, 'ar', { title: 'مسودة عن برابراند', place: 'Brabrand' }, { publish: false });
      generated.stories.push(draft);
      await translate(CASE_STORY, generated.stories[1], 'da', { summary: 'Ændret efter udgivelsen, endnu ikke udgivet.' }, { publish: false });

      const english = await source.query(STORIES_IN_ENGLISH);
      expect(english.caseStories.filter((story: Row) => story.title.startsWith('Copytrial'))).toHaveLength(3);

      // What Strapi's export leaves out: a second administrator and an API token.
      await source.registerAdminUser('strapi-editor', SECOND_ADMIN, 'Redaktion-Anden-2025');
      expect((await source.admin('POST', '/admin/api-tokens', { name: 'Kommunens forside', type: 'read-only', lifespan: null })).status).toBe(201);
    },
    STEP_TIMEOUT
  );

  test('npm run backup refuses without BACKUP_ENCRYPTION_KEY or with a short one, saying how to set it, and writes nothing', async () => {
    const target = path.join(work, 'refused');
    const missing = await backup([target], scriptEnv(undefined, { BACKUP_ENCRYPTION_KEY: '' }));
    expect(missing.code).toBe(1);
    expect(missing.output).toContain('BACKUP_ENCRYPTION_KEY is not set');
    expect(missing.output).toContain('randomBytes(32)');
    expect(missing.output).toContain('--no-encrypt');
    const short = await backup([target], scriptEnv(undefined, { BACKUP_ENCRYPTION_KEY: 'hemmelig' }));
    expect(short.code).toBe(1);
    expect(short.output).toMatch(/BACKUP_ENCRYPTION_KEY has 8 characters; use at least 16/);
    expect(fs.readdirSync(work).filter((name) => name.includes('refused'))).toEqual([]);
  });

  test(
    'npm run backup writes an encrypted archive, readable by its owner only, read back with the key, with its path, size and duration',
    async () => {
      const started = Date.now();
      const result = await backup([path.join(work, 'roundtrip')]);
      expect(result.code).toBe(0);
      archive = path.join(work, 'roundtrip.tar.gz.enc');
      expect(result.output).toContain(`[backup] written: ${archive}`);
      expect(result.output).toMatch(/\[backup\] [\d,]+ bytes \([\d.]+ \w+\), encrypted, exported in [\d.]+ s, [\d.]+ s in all/);
      expect(result.output).toMatch(/\[backup\] holds \d+ entities of \d+ types, \d+ links, \d+ settings, \d+ files of/);
      const bytes = fs.readFileSync(archive);
      expect(fs.statSync(archive).mode & 0o777).toBe(0o600);
      // Encrypted: neither a gzip stream nor a tar archive, and none of the content in clear text.
      expect(bytes.subarray(0, 2).equals(Buffer.from([0x1f, 0x8b]))).toBe(false);
      expect(bytes.includes(Buffer.from('Kopiprøve'))).toBe(false);
      expect(fs.readdirSync(work).filter((name) => name.startsWith('.roundtrip'))).toEqual([]);
      expect(fs.existsSync(path.join(work, 'roundtrip.export.log'))).toBe(true);
      expect(fs.readdirSync(ROOT).filter((name) => /^(export|import)_\d+\.log$/.test(name))).toEqual([]);
      console.log(
        `[backup test] ${testClient()}: ${result.output.match(/\[backup\] [\d,]+ bytes.*/)![0]}; ${result.output.match(/\[backup\] holds.*/)![0]}; script run ${((Date.now() - started) / 1000).toFixed(1)} s`
      );

      // A second backup to the same name is refused: an archive is never overwritten.
      const again = await backup([archive]);
      expect(again.code).toBe(1);
      expect(again.output).toContain('exists already');
    },
    STEP_TIMEOUT
  );

  test(
    'npm run restore refuses without the key, with a wrong key and without --yes, and leaves the target database as it was',
    async () => {
      const freshEnv = scriptEnv(fresh);
      const missing = await restore([archive, '--yes'], { ...freshEnv, BACKUP_ENCRYPTION_KEY: '' });
      expect(missing.code).toBe(1);
      expect(missing.output).toContain('BACKUP_ENCRYPTION_KEY is not set: roundtrip.tar.gz.enc is encrypted, and only the key it was written with opens it; nothing was changed');

      const wrongKey = crypto.randomBytes(32).toString('base64');
      const wrong = await restore([archive, '--yes'], { ...freshEnv, BACKUP_ENCRYPTION_KEY: wrongKey });
      expect(wrong.code).toBe(1);
      expect(wrong.output).toContain(`${archive} cannot be read with BACKUP_ENCRYPTION_KEY: the key is not the one it was written with, or the file is damaged`);

      // Over a database with content (the running source's): nothing changes either.
      const before = await fingerprint(source.database);
      const wrongOverSource = await restore([archive, '--yes'], scriptEnv(undefined, { BACKUP_ENCRYPTION_KEY: wrongKey }));
      expect(wrongOverSource.code).toBe(1);
      expect(await fingerprint(source.database)).toEqual(before);

      // An archive of another content model (a field this app lacks) is refused before anything happens.
      const changedModel = await withSchemaChange(archive, (schemas) => {
        schemas.find((schema) => schema.uid === CASE_STORY)!.attributes.budget = { type: 'integer' };
      });
      const mismatch = await restore([changedModel, '--yes'], freshEnv);
      expect(mismatch.code).toBe(1);
      expect(mismatch.output).toContain("the archive's content model differs from this app's; nothing was changed.");
      expect(mismatch.output).toMatch(/api::case-story\.case-story[\s\S]*attributes\.budget/);
      expect(mismatch.output).toContain('--accept-schema-changes');
      expect(await tables(fresh)).toEqual([]);

      // With the right key but without --yes, the archive is checked and nothing else happens.
      const unconfirmed = await restore([archive], freshEnv);
      // Checked and not restored: a success (exit code 0), so scripts can check archives this way.
      expect(unconfirmed.code).toBe(0);
      expect(unconfirmed.output).toMatch(/\[restore\] archive of \S+, Strapi 5\.\d+\.\d+: \d+ entities/);
      expect(unconfirmed.output).toMatch(
        /the archive opens and fits this app\. Restoring it deletes the content of the (SQLite|PostgreSQL) database .* and the uploaded files \(public\/uploads\) .*run again with --yes/
      );
      expect(unconfirmed.output).toContain(testClient() === 'sqlite' ? fresh.env.DATABASE_FILENAME : `"${fresh.name}"`);
      expect(await tables(fresh)).toEqual([]);
    },
    STEP_TIMEOUT
  );

  test(
    'npm run restore into a fresh database; an instance on it has every document, locale, relation and media entry of the source, serves the files and finds the content',
    async () => {
      const sourceDump = await dump(source.env);
      const files = sourceDump[FILE];
      expect(files.map((file) => file.name).sort()).toEqual([...uploaded].sort());
      for (const file of files) {
        for (const url of [file.url, ...Object.values((file.formats ?? {}) as Record<string, { url: string }>).map((format) => format.url)]) {
          const response = await fetch(`${source.url}${url}`);
          expect([url, response.status]).toEqual([url, 200]);
          served.set(url, sha256(Buffer.from(await response.arrayBuffer())));
        }
      }
      expect(served.size).toBeGreaterThan(files.length); // the large images have a thumbnail
      // The disk the files were on is lost: they come back from the archive alone.
      for (const url of served.keys()) fs.rmSync(path.join(ROOT, 'public', url));

      const started = Date.now();
      // A site's webhook receiver: the restore published every document of the fresh database. It
      // records an event for each; what its own process has not sent when it ends, the instances send.
      const receiver = await WebhookReceiver.start(webhookSecret());
      const result = await restore([archive, '--yes'], scriptEnv(fresh, { WEBHOOK_URL: receiver.url, WEBHOOK_SECRET: receiver.secret }));
      await receiver.stop();
      expect(result.code).toBe(0);
      const events = Number(/\[restore\] (\d+) change events recorded/.exec(result.output)?.[1]);
      expect(events).toBeGreaterThan(10);
      const outbox = await fresh.rows<{ event_type: string; document_id: string; status: string }>('SELECT event_type, document_id, status FROM change_event_deliveries');
      expect(outbox.map((row) => row.event_type)).toEqual(Array(events).fill('document.published'));
      expect(new Set(outbox.map((row) => row.document_id)).size).toBe(events);
      const sent = receiver.accepted();
      expect(sent.every((event) => event.body.type === 'document.published')).toBe(true);
      expect(outbox.filter((row) => row.status === 'delivered')).toHaveLength(sent.length);
      expect(result.output).toContain("[restore] Strapi's import log: ");
      expect(result.output).toMatch(/\[search\] index rebuilt: \d+ entries written/);
      // The translation states are the plugin's own table: recomputed for every restored document.
      // (The app's start after the import records the new documents; the restore then checks every one.)
      expect(Number(/\[restore\] translation states: (\d+) documents checked/.exec(result.output)?.[1])).toBeGreaterThan(10);
      expect(result.output).toMatch(/\[restore\] restored roundtrip\.tar\.gz\.enc into the (SQLite|PostgreSQL) database .* in [\d.]+ s \(checks [\d.]+ s, import [\d.]+ s, search index [\d.]+ s\)/);
      console.log(`[backup test] ${testClient()}: ${result.output.match(/\[restore\] restored.*/)![0]}; script run ${((Date.now() - started) / 1000).toFixed(1)} s`);

      // Left out: the other administrator, the API token, and who created each document.
      const sourceSide = await adminSide(source.database);
      const freshSide = await adminSide(fresh);
      expect(sourceSide.admins).toEqual([TEST_ADMIN.email, SECOND_ADMIN].sort());
      expect(sourceSide.apiTokens).toContain('Kommunens forside');
      expect(Number(sourceSide.storiesWithCreator)).toBeGreaterThan(0);
      expect(freshSide.admins).toEqual([TEST_ADMIN.email]); // created at start from ADMIN_EMAIL, ADMIN_PASSWORD
      expect(freshSide.apiTokens).not.toContain('Kommunens forside');
      expect(Number(freshSide.storiesWithCreator)).toBe(0);

      restored = await startStrapi({ SEED_DEMO_CONTENT: 'false' }, { database: fresh });
      const states = await restored.admin('GET', `/translation-workflow/documents/${CASE_STORY}/${generated.stories[0]}`);
      expect(Object.fromEntries(states.body.data.locales.map((entry: { locale: string; state: string }) => [entry.locale, entry.state]))).toMatchObject({ da: 'source', en: 'current' });
      const restoredDump = await dump(restored.env);
      for (const uid of Object.keys(sourceDump)) expect([uid, restoredDump[uid]]).toEqual([uid, sourceDump[uid]]);
      // What the comparison covers: the generated documents in both locales, drafts and published versions.
      const stories = restoredDump[CASE_STORY].filter((row) => generated.stories.includes(row.documentId));
      expect(
        stories
          .filter((row) => row.publishedAt)
          .map((row) => row.locale)
          .sort()
      ).toEqual(['da', 'da', 'da', 'en', 'en', 'en']);
      expect(
        stories
          .filter((row) => !row.publishedAt)
          .map((row) => row.locale)
          .sort()
      ).toEqual(['ar', 'da', 'da', 'da', 'da', 'en', 'en', 'en']);
      expect(stories.find((row) => row.documentId === generated.stories[1] && row.locale === 'da' && !row.publishedAt)!.summary).toBe('Ændret efter udgivelsen, endnu ikke udgivet.');
      expect(stories.find((row) => row.documentId === generated.stories[0] && row.locale === 'en' && row.publishedAt)).toMatchObject({
        municipality: expect.stringMatching(/^api::municipality\.municipality \w+ - published$/),
        partnership: `${PARTNERSHIP} ${generated.partnerships[0]} en published`,
        heroImage: expect.stringMatching(/^file \w+$/),
        gallery: [expect.stringMatching(/^file /), expect.stringMatching(/^file /)],
        quotes: [{ text: 'Here we learn from each other.', author: 'Amina', role: 'Volunteer' }],
      });
      for (const file of restoredDump[FILE]) {
        const original = files.find((candidate) => candidate.name === file.name)!;
        expect(file).toMatchObject({ name: original.name, hash: original.hash, alternativeText: original.alternativeText, mime: original.mime, size: original.size });
      }
      for (const [url, digest] of served) {
        const response = await fetch(`${restored.url}${url}`);
        expect([url, response.status]).toEqual([url, 200]);
        expect([url, sha256(Buffer.from(await response.arrayBuffer()))]).toEqual([url, digest]);
      }

      // Over GraphQL, as a web team reads it, and in search, in Danish and English.
      expect(await restored.query(STORIES_IN_ENGLISH)).toEqual(await source.query(STORIES_IN_ENGLISH));
      const danish = await search(restored, 'kopiprøve', 'da');
      expect(danish.hits.map((hit) => hit.type).sort()).toEqual(['case_story', 'case_story', 'case_story', 'partnership', 'partnership', 'press_release', 'press_release']);
      const english = await search(restored, 'copytrial', 'en');
      expect(english.pageInfo.total).toBe(7);
      expect(english.hits.every((hit) => hit.locale === 'en')).toBe(true);
    },
    STEP_TIMEOUT
  );

  test(
    'restoring over the database of a running instance (Redis cache): it answers with the restored content at once, not cached answers or stale search entries',
    async () => {
      const atBackup = await source.query(LISTS);
      const admins = await adminSide(source.database);
      // After the backup: a story renamed, a press release deleted, a new story published.
      const renamed = generated.stories[0];
      await translate(CASE_STORY, renamed, 'da', { title: 'Omdøbt efterbackupord' });
      const deleted = generated.pressReleases[1];
      for (const locale of ['da', 'en']) expect((await source.admin('DELETE', `${CM}/${PRESS_RELEASE}/${deleted}?locale=${locale}`)).status).toBe(200);
      await source.createDocument(CASE_STORY, 'da', { title: 'Ny historie nybackupord', place: 'Tingbjerg' }, { publish: true });
      const changed = await source.query(LISTS);
      expect(changed).not.toEqual(atBackup);
      expect((await source.graphql(LISTS)).headers.get('x-cache')).toBe('HIT');
      expect((await search(source, 'nybackupord', 'da')).pageInfo.total).toBe(1);
      expect((await search(source, 'pressemeddelelsesord', 'da')).pageInfo.total).toBe(0);

      // Readers keep asking while the restore runs: what they are answered before the import commits is cached.
      let reading = true;
      const reader = (async () => {
        while (reading) {
          await source.graphql(LISTS).catch(() => undefined);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();
      const result = await restore([archive, '--yes'], scriptEnv());
      reading = false;
      await reader;
      expect(result.code).toBe(0);
      expect(result.output).toContain(`the response cache in Redis (prefix ${redis.GRAPHQL_CACHE_REDIS_PREFIX}) has a new generation`);
      expect(result.output).toMatch(/\[search\] index rebuilt: \d+ entries written, [1-9]\d* stale removed/);

      expect(await source.query(LISTS)).toEqual(atBackup);
      expect((await search(source, 'nybackupord', 'da')).pageInfo.total).toBe(0);
      expect((await search(source, 'efterbackupord', 'da')).pageInfo.total).toBe(0);
      expect((await search(source, 'pressemeddelelsesord', 'da')).hits.map((hit) => hit.documentId)).toEqual([deleted]);
      expect((await search(source, 'kopiprøve lektiehjælp', 'da')).hits.map((hit) => hit.documentId)).toContain(renamed);
      // The administrators and API tokens are left as they were; the documents lose their creators.
      expect(await adminSide(source.database)).toMatchObject({ admins: admins.admins, apiTokens: admins.apiTokens });
      expect(Number((await adminSide(source.database)).storiesWithCreator)).toBe(0);
    },
    STEP_TIMEOUT
  );
});
