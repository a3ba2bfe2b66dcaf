import config, { defaults } from '../server/src/config';
import { schemaProblem } from '../server/src/bootstrap';
import { blocksHtml, embargoPage, refusalPage, when, type PageContent } from '../server/src/page';
import { statusOf } from '../server/src/services/links';
import { looksLikeToken, newToken, tokenHash } from '../server/src/tokens';

const content = (extra: Partial<PageContent> = {}): PageContent => ({
  locale: 'da',
  title: 'Sprogcaféer åbner',
  summary: 'Tre nye caféer',
  body: [{ type: 'paragraph', children: [{ type: 'text', text: 'Tekst' }] }],
  releaseAt: Date.parse('2026-12-10T09:00:00Z'),
  lifted: false,
  journalist: { name: 'Mette', outlet: null },
  expiresAt: Date.parse('2026-12-17T09:00:00Z'),
  contacts: [],
  mediaKit: [],
  ...extra,
});

describe('the configuration', () => {
  it('accepts the defaults', () => {
    expect(() => config.validator(defaults)).not.toThrow();
  });

  it('refuses what would make wrong links, naming the option', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ contentType: 'press-release' }, /contentType must be a content type UID/],
      [{ fields: { title: 'title' } }, /fields.releaseDate must name an attribute/],
      [{ fields: { title: 'title', releaseDate: 'releaseDate', body: 'body; drop' } }, /fields.body must name an attribute/],
      [{ fields: { title: 'title', releaseDate: 'releaseDate', contacts: { relation: 'contacts' } } }, /fields.contacts needs relation and name/],
      [{ publicUrl: 'cms.example.dk' }, /publicUrl must be an absolute http\(s\) URL/],
      [{ publicUrl: 'https://user:pw@cms.example.dk' }, /publicUrl must be an absolute http\(s\) URL without credentials/],
      [{ maxDays: 0 }, /maxDays must be a whole number of days, 1 to 365/],
      [{ defaultDays: 31 }, /defaultDays must be a whole number of days, 1 to maxDays/],
    ];
    for (const [change, message] of cases) expect(() => config.validator({ ...defaults, ...change })).toThrow(message);
  });

  it('checks the configured attributes against the content type at boot', () => {
    const schemas: Record<string, { attributes: Record<string, { type: string; target?: string; component?: string; repeatable?: boolean }>; options?: { draftAndPublish?: boolean } }> = {
      'api::press-release.press-release': {
        options: { draftAndPublish: true },
        attributes: { title: { type: 'string' }, releaseDate: { type: 'datetime' }, lead: { type: 'integer' }, contacts: { type: 'relation', target: 'api::contact.contact' } },
      },
      'api::contact.contact': { attributes: { name: { type: 'string' } } },
    };
    const schemaOf = (uid: string) => schemas[uid];
    expect(schemaProblem(defaults, schemaOf)).toBeNull();
    expect(schemaProblem({ ...defaults, fields: { ...defaults.fields, summary: 'lead' } }, schemaOf)).toBe('fields.summary names lead, a integer; it must be string or text');
    expect(schemaProblem({ ...defaults, fields: { ...defaults.fields, contacts: { relation: 'contacts', name: 'fullName' } } }, schemaOf)).toBe(
      'fields.contacts.name names fullName, which api::contact.contact does not have'
    );
    expect(schemaProblem({ ...defaults, contentType: 'api::contact.contact' }, schemaOf)).toBe('api::contact.contact has no drafts: there is nothing under embargo to link to');
    expect(schemaProblem({ ...defaults, contentType: 'api::nothing.nothing' }, schemaOf)).toBe('contentType api::nothing.nothing does not exist');
  });
});

describe('tokens', () => {
  it('are 256 random bits in base64url, stored as a SHA-256 that differs per token', () => {
    const tokens = new Set(Array.from({ length: 1000 }, newToken));
    expect(tokens.size).toBe(1000);
    for (const token of tokens) expect(looksLikeToken(token)).toBe(true);
    const [first] = tokens;
    expect(tokenHash(first)).toMatch(/^[0-9a-f]{64}$/);
    expect(tokenHash(first)).not.toContain(first);
    expect(looksLikeToken('../../admin')).toBe(false);
    expect(looksLikeToken(`${first}x`)).toBe(false);
  });
});

describe('a link`s status', () => {
  it('is revoked once revoked, else expired from its expiry on', () => {
    expect(statusOf({ revoked_at: null, expires_at: 2000 }, 1999)).toBe('active');
    expect(statusOf({ revoked_at: null, expires_at: 2000 }, 2000)).toBe('expired');
    expect(statusOf({ revoked_at: 1500, expires_at: 2000 }, 1000)).toBe('revoked');
  });
});

describe('the journalist`s page', () => {
  it('states the embargo in Copenhagen time, in Danish for Danish and English for other languages', () => {
    expect(when(Date.parse('2026-12-10T09:00:00Z'), 'da')).toBe('torsdag den 10. december 2026 kl. 10.00 (CET)');
    expect(when(Date.parse('2026-07-10T09:00:00Z'), 'da')).toBe('fredag den 10. juli 2026 kl. 11.00 (CEST)');
    expect(embargoPage(content())).toContain('EMBARGO: Må ikke offentliggøres før torsdag den 10. december 2026 kl. 10.00 (CET)');
    const arabic = embargoPage(content({ locale: 'ar', title: 'مقاهي اللغة' }));
    expect(arabic).toContain('<html lang="ar" dir="rtl">');
    expect(arabic).toContain('EMBARGO: Not for publication before Thursday, 10 December 2026 at 10:00 (CET)');
    expect(arabic).toContain('<div class="embargo" role="alert" lang="en" dir="ltr">');
  });

  it('says when the embargo has been lifted, and when there is no release time yet', () => {
    expect(embargoPage(content({ lifted: true }))).toContain('Embargoen er ophævet: offentliggjort torsdag den 10. december 2026 kl. 10.00 (CET)');
    expect(embargoPage(content({ releaseAt: null }))).toContain('EMBARGO: Må ikke offentliggøres før redaktionen giver besked');
  });

  it('escapes every text and attribute; links only to http(s) and mailto', () => {
    const page = embargoPage(
      content({
        title: '</title><script>x</script>',
        journalist: { name: '"><img src=x onerror=alert(1)>', outlet: null },
        contacts: [{ name: 'A <b>', email: 'a@b.dk" onclick="x', phone: '+45 12 34' }],
        mediaKit: [{ url: '/uploads/a.png" onload="x', mime: 'image/png', alternativeText: '"x', credit: '<i>' }],
      })
    );
    expect(page).not.toMatch(/<script|<img src=x|<b>|<i>|"\s*on\w+=/);
    expect(page).toContain('&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;');
    expect(blocksHtml([{ type: 'paragraph', children: [{ type: 'link', url: 'javascript:alert(1)', children: [{ type: 'text', text: 'x' }] }] }])).toBe('<p>x</p>');
    expect(blocksHtml([{ type: 'heading', level: 1, children: [{ type: 'text', text: 'H', italic: true }] }])).toBe('<h2><em>H</em></h2>');
    expect(blocksHtml('not blocks')).toBe('');
  });

  it('refusals say what happened, in the link`s language, and show nothing of the release', () => {
    expect(refusalPage('revoked')).toContain('<h1>Linket er trukket tilbage</h1>');
    expect(refusalPage('expired', 'en')).toContain('<h1>This link has expired</h1>');
    expect(refusalPage('unknown')).toContain('<h1>Linket findes ikke</h1>');
  });
});
