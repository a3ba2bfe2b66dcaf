import { previewSettings, signPreviewToken, verifyPreviewToken } from '../../src/preview/preview';

const SECRET = 'a-preview-secret-of-some-length';
const claims = { type: 'case-story', documentId: 'abc123', locale: 'da', status: 'draft' as const };

describe('preview tokens', () => {
  test('a signed token verifies with the secret and carries the claims', () => {
    const token = signPreviewToken(claims, SECRET, 600);
    expect(verifyPreviewToken(token, SECRET)).toEqual({ ...claims, exp: expect.any(Number) });
  });

  test('a token signed with another secret, altered, or expired is refused', () => {
    const token = signPreviewToken(claims, SECRET, 600);
    expect(verifyPreviewToken(token, 'another-secret-of-some-length')).toBeNull();
    const [payload, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ ...claims, documentId: 'other', exp: 9999999999 })).toString('base64url');
    expect(verifyPreviewToken(`${forged}.${signature}`, SECRET)).toBeNull();
    expect(verifyPreviewToken(`${payload}.${signature}x`, SECRET)).toBeNull();
    expect(verifyPreviewToken('not-a-token', SECRET)).toBeNull();
    const old = signPreviewToken(claims, SECRET, 600, Date.now() - 601_000);
    expect(verifyPreviewToken(old, SECRET)).toBeNull();
  });
});

describe('preview settings', () => {
  test('off without PREVIEW_URL', () => {
    expect(previewSettings({})).toBeNull();
  });
  test('PREVIEW_URL needs an http(s) URL and a PREVIEW_SECRET of 16+ characters', () => {
    expect(() => previewSettings({ PREVIEW_URL: 'ftp://x' })).toThrow(/PREVIEW_URL="ftp:\/\/x" must be an http\(s\) URL/);
    expect(() => previewSettings({ PREVIEW_URL: 'https://www.example.dk/preview' })).toThrow(/PREVIEW_SECRET must be set too/);
    expect(() => previewSettings({ PREVIEW_URL: 'https://www.example.dk/preview', PREVIEW_SECRET: 'short' })).toThrow(/PREVIEW_SECRET/);
    expect(previewSettings({ PREVIEW_URL: 'https://www.example.dk/preview', PREVIEW_SECRET: SECRET })).toEqual({ url: 'https://www.example.dk/preview', secret: SECRET, ttlSeconds: 600 });
    expect(() => previewSettings({ PREVIEW_URL: 'https://www.example.dk/preview', PREVIEW_SECRET: SECRET, PREVIEW_TOKEN_TTL: '0' })).toThrow(/PREVIEW_TOKEN_TTL/);
  });
});
