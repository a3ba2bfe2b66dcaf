import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { PNG, ROOT, startStrapi, type StrapiInstance } from '../helpers/strapi';

// s3rver has no type declarations: the part used here.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => { run(): Promise<{ port: number }>; close(): Promise<void> };

const BUCKET = 'lpc-media';

/**
 * Uploads with S3_BUCKET set go to the bucket through @strapi/provider-upload-aws-s3, against a
 * local S3-compatible server (s3rver): the media library stores the bucket's URL, the file is
 * readable there and not on the local disk, the CSP allows the bucket, and a deleted file is gone.
 */
describe('uploads to an S3-compatible bucket', () => {
  let s3: InstanceType<typeof S3rver>;
  let endpoint: string;
  let storage: string;
  let app: StrapiInstance;

  beforeAll(async () => {
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'lpc-s3-'));
    s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: storage, configureBuckets: [{ name: BUCKET }] });
    endpoint = `http://127.0.0.1:${(await s3.run()).port}`;
    app = await startStrapi({
      SEED_DEMO_CONTENT: 'false',
      S3_BUCKET: BUCKET,
      S3_REGION: 'us-east-1',
      S3_ENDPOINT: endpoint,
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    });
  });
  afterAll(async () => {
    await app?.stop();
    await s3?.close();
    fs.rmSync(storage, { recursive: true, force: true });
  });

  test('an uploaded file is stored in the bucket, served from it byte for byte, and not kept on the local disk', async () => {
    // A PDF: the media library stores it as sent (images it may re-encode to optimise them).
    const bytes = Buffer.from(`%PDF-1.4\n% Samarbejdsaftale ${crypto.randomUUID()}\n%%EOF\n`);
    const id = await app.uploadFile('samarbejdsaftale.pdf', bytes, 'application/pdf', 'Samarbejdsaftale, Gellerup');
    const file = (await app.admin('GET', `/upload/files/${id}`)).body as { url: string; hash: string; ext: string; provider: string; alternativeText: string };
    expect(file).toMatchObject({ provider: 'aws-s3', alternativeText: 'Samarbejdsaftale, Gellerup', ext: '.pdf' });
    expect(file.url).toBe(`${endpoint}/${BUCKET}/${file.hash}${file.ext}`);
    const served = await fetch(file.url);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    expect(fs.existsSync(path.join(ROOT, 'public', 'uploads', `${file.hash}${file.ext}`))).toBe(false);
  });

  test("the admin's CSP lets it show the bucket's images", async () => {
    const csp = (await fetch(`${app.url}/admin`)).headers.get('content-security-policy') ?? '';
    const imgSrc = csp.split(';').find((directive) => directive.trim().startsWith('img-src')) ?? '';
    expect(imgSrc.split(/\s+/)).toContain(endpoint);
  });

  test('deleting the file in the media library removes it from the bucket', async () => {
    const id = await app.uploadFile('vollsmose-s3.png', Buffer.concat([PNG, crypto.randomBytes(16)]), 'image/png', 'Sprogcafé i Vollsmose');
    const file = (await app.admin('GET', `/upload/files/${id}`)).body as { url: string };
    expect((await fetch(file.url)).status).toBe(200);
    expect((await app.admin('DELETE', `/upload/files/${id}`)).status).toBe(200);
    expect((await fetch(file.url)).status).toBe(404);
  });
});
