import crypto from 'crypto';
import { PNG, startStrapi, type StrapiInstance } from '../helpers/strapi';

const MAX_BYTES = 50000;

/** Uploads and request bodies: safe types only, bounded sizes, nothing stored from a refused request. */
describe('upload and body limits', () => {
  let app: StrapiInstance;

  beforeAll(async () => {
    app = await startStrapi({ SEED_DEMO_CONTENT: 'false', UPLOAD_MAX_BYTES: String(MAX_BYTES) });
  });
  afterAll(async () => {
    await app?.stop();
  });

  /** An upload as the admin's media library sends it; answers the status and the body. */
  async function upload(name: string, bytes: Buffer, type: string): Promise<{ status: number; body: any }> {
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(bytes)], { type }), name);
    form.append('fileInfo', JSON.stringify({ name, alternativeText: 'Test' }));
    const response = await fetch(`${app.url}/upload`, { method: 'POST', headers: { authorization: `Bearer ${await app.token()}` }, body: form });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }
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
});
