import crypto from 'crypto';
import zlib from 'zlib';
import { PNG, startStrapi, type StrapiInstance } from '../helpers/strapi';

const MAX_BYTES = 50000;
const CASE_STORY = 'api::case-story.case-story';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');

/** A ZIP archive of the given entries, stored uncompressed (enough for a real .docx). */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [entryName, text] of Object.entries(entries)) {
    const name = Buffer.from(entryName);
    const data = Buffer.from(text);
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x21, 12); // 1 January 1980
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The smallest Word document Word opens: content types, the package relationship and one paragraph. */
const wordDocument = () =>
  zip({
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    'word/document.xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">' +
      '<w:body><w:p><w:r><w:t>Samarbejdsaftale</w:t></w:r></w:p></w:body></w:document>',
  });

/** Uploads and request bodies: safe types only, bounded sizes, nothing stored from a refused request. */
describe('upload and body limits', () => {
  let app: StrapiInstance;

  beforeAll(async () => {
    app = await startStrapi({ SEED_DEMO_CONTENT: 'false', UPLOAD_MAX_BYTES: String(MAX_BYTES) });
  });
  afterAll(async () => {
    await app?.stop();
  });

  /** A file sent as the admin's media library sends it (to `route`, as the test admin unless `token` says otherwise). */
  async function send(route: string, name: string, bytes: Buffer, type: string, token?: string): Promise<{ status: number; body: any }> {
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(bytes)], { type }), name);
    form.append('fileInfo', JSON.stringify({ name, alternativeText: 'Test' }));
    const response = await fetch(`${app.url}${route}`, { method: 'POST', headers: { authorization: `Bearer ${token ?? (await app.token())}` }, body: form });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }
  /** An upload as the admin's media library sends it; answers the status and the body. */
  const upload = (name: string, bytes: Buffer, type: string) => send('/upload', name, bytes, type);
  const storedFiles = async () => (await app.admin('GET', '/upload/files?pageSize=100')).body.results.map((file: { name: string }) => file.name);

  test('images and PDFs are accepted', async () => {
    expect((await upload('bibliotek.png', PNG, 'image/png')).status).toBe(201);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    expect((await upload('aftale.pdf', pdf, 'application/pdf')).status).toBe(201);
    expect((await storedFiles()).sort()).toEqual(['aftale.pdf', 'bibliotek.png']);
  });

  test('SVG, HTML and scripts are refused, also under an image name and type, and nothing is stored', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>');
    const html = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');
    const attempts: Array<[string, Buffer, string]> = [
      ['logo.svg', svg, 'image/svg+xml'],
      ['side.html', html, 'text/html'],
      ['script.js', Buffer.from('alert(1)'), 'application/javascript'],
      ['forklædt.png', html, 'image/png'],
      ['forklædt.svg', svg, 'image/png'],
      ['side.html', html, 'image/png'],
      ['uden-endelse', PNG, 'image/png'],
    ];
    for (const [name, bytes, type] of attempts) {
      const result = await upload(name, bytes, type);
      expect([name, result.status]).toEqual([name, 400]);
      expect(JSON.stringify(result.body)).toMatch(/not allowed|Cannot verify file type/i);
    }
    expect((await storedFiles()).sort()).toEqual(['aftale.pdf', 'bibliotek.png']);
  });

  test(`a file over UPLOAD_MAX_BYTES (${MAX_BYTES} here) answers 413 and is not stored`, async () => {
    const big = Buffer.concat([PNG, crypto.randomBytes(MAX_BYTES + 1000)]);
    const result = await upload('stor.png', big, 'image/png');
    expect(result.status).toBe(413);
    expect((await storedFiles()).sort()).toEqual(['aftale.pdf', 'bibliotek.png']);
  });

  test('a JSON body over REQUEST_JSON_LIMIT (1 MB) answers 413 and creates nothing', async () => {
    const response = await fetch(`${app.url}/content-manager/collection-types/api::case-story.case-story?locale=da`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await app.token()}` },
      body: JSON.stringify({ title: 'For stor', summary: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(response.status).toBe(413);
    const listed = await app.admin('GET', '/content-manager/collection-types/api::case-story.case-story?locale=da');
    expect(listed.body.results).toEqual([]);
  });

  test('a replace is checked like an upload on every route: HTML over a published image is refused, and the image still serves its bytes', async () => {
    const id = await app.uploadFile('forside.png', PNG, 'image/png', 'Forsiden af Gellerup Bibliotek');
    const story = await app.createDocument(CASE_STORY, 'da', { title: 'Historie med forsidebillede', slug: 'historie-med-forsidebillede', place: 'Aarhus', heroImage: id }, { publish: true });
    const before = (await app.admin('GET', `/upload/files/${id}`)).body;
    const original = Buffer.from(await (await fetch(`${app.url}${before.url}`)).arrayBuffer());
    const apiToken = (await app.admin('POST', '/admin/api-tokens', { name: 'uploads', type: 'full-access', lifespan: null })).body.data.accessKey;
    const attempts: Array<[string, string, string, string?]> = [
      [`/upload?id=${id}`, 'forside.png', 'image/png'],
      [`/upload?id=${id}`, 'forside.docx', DOCX],
      [`/upload/files/${id}/replace`, 'forside.png', 'image/png'],
      [`/upload/files/${id}/replace`, 'forside.mp3', 'audio/mpeg'],
      [`/Upload/Files/${id}/Replace/`, 'forside.png', 'image/png'],
      [`/api/upload?id=${id}`, 'forside.png', 'image/png', apiToken],
      [`/API/Upload/?id=${id}`, 'forside.docx', DOCX, apiToken],
    ];
    const answers = [];
    for (const [route, name, type, token] of attempts) {
      const result = await send(route, name, HTML, type, token);
      answers.push([route, result.status, result.body?.error?.message?.includes(`"${name}"`) ?? false]);
    }
    expect(answers).toEqual(attempts.map(([route]) => [route, 400, true]));
    const after = (await app.admin('GET', `/upload/files/${id}`)).body;
    expect(after).toMatchObject({ name: 'forside.png', mime: 'image/png', url: before.url, size: before.size });
    expect(Buffer.from(await (await fetch(`${app.url}${before.url}`)).arrayBuffer())).toEqual(original);
    const published = await app.query(`query($id: ID!) { caseStory(documentId: $id) { heroImage { url mime } } }`, { id: story });
    expect(published.caseStory.heroImage).toEqual({ url: before.url, mime: 'image/png' });

    // A real image still replaces it.
    const replaced = await send(`/upload/files/${id}/replace`, 'ny-forside.png', PNG, 'image/png');
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id, mime: 'image/png' });
  });

  test('POST /upload/files checks a file as POST /upload does: HTML named as an image is refused, a real PNG is accepted', async () => {
    const routes = ['/upload/files', '/UPLOAD/Files/'];
    const answers = [];
    for (const route of routes) {
      const result = await send(route, 'side.png', HTML, 'image/png');
      answers.push([route, result.status, result.body?.error?.message]);
    }
    expect(answers).toEqual(routes.map((route) => [route, 400, expect.stringMatching(/^File type not allowed: "side.png" is not a image\/png file/)]));
    const accepted = await send('/upload/files', 'bogbus.png', PNG, 'image/png');
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ name: 'bogbus.png', mime: 'image/png' });
    expect(await storedFiles()).not.toContain('side.png');
  });

  test('documents and media must be what their names say: a .docx that is not a Word document or an .mp3 of text is refused, a real .docx is accepted', async () => {
    const text = Buffer.from('Referat fra mødet i integrationsrådet, ikke et dokument i det format navnet lover.\n'.repeat(20));
    const attempts: Array<[string, string, Buffer, string]> = [
      ['/upload', 'notat.docx', text, DOCX],
      ['/upload', 'notat.docx', HTML, 'application/octet-stream'],
      ['/upload', 'arkiv.docx', zip({ 'læsmig.txt': 'Bare en zip-fil' }), DOCX],
      ['/upload', 'regneark.xlsx', wordDocument(), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      ['/upload', 'podcast.mp3', text, 'audio/mpeg'],
      ['/upload/files', 'podcast.mp3', text, 'audio/mpeg'],
      ['/upload', 'film.mp4', text, 'video/mp4'],
      ['/upload', 'forklædt.pdf', PNG, 'application/pdf'],
    ];
    const answers = [];
    for (const [route, name, bytes, type] of attempts) {
      const result = await send(route, name, bytes, type);
      answers.push([route, name, result.status, result.body?.error?.message?.includes(`"${name}"`) ?? false]);
    }
    expect(answers).toEqual(attempts.map(([route, name]) => [route, name, 400, true]));
    const stored = await storedFiles();
    for (const name of ['notat.docx', 'arkiv.docx', 'regneark.xlsx', 'podcast.mp3', 'film.mp4', 'forklædt.pdf']) expect(stored).not.toContain(name);

    for (const route of ['/upload', '/upload/files']) {
      const accepted = await send(route, 'aftale.docx', wordDocument(), DOCX);
      expect([route, accepted.status]).toEqual([route, 201]);
      expect([accepted.body].flat()[0]).toMatchObject({ name: 'aftale.docx', mime: DOCX });
    }
  });
});
