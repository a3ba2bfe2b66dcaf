import { acceptedLanguage, adminLanguage, editorMessages, messageLanguage } from '../../src/content-rules/editor-messages';

describe('editor messages', () => {
  test('times in Copenhagen, as Danish and English write them, across the daylight-saving changes', () => {
    const da = editorMessages('da');
    const en = editorMessages('en');
    expect(da.at('2026-12-03T22:00:22.022Z')).toBe('3. december 2026 kl. 23.00');
    expect(en.at('2026-12-03T22:00:22.022Z')).toBe('3 December 2026, 23:00');
    expect(da.at('2026-07-03T21:00:00.000Z')).toBe('3. juli 2026 kl. 23.00');
    expect(en.at('2026-07-03T21:00:00.000Z')).toBe('3 July 2026, 23:00');
    // Summer time begins 29 March 2026 at 02:00 (01:00 UTC) and ends 25 October 2026 at 03:00 (01:00 UTC).
    expect(da.at('2026-03-29T00:59:00.000Z')).toBe('29. marts 2026 kl. 01.59');
    expect(da.at('2026-03-29T01:00:00.000Z')).toBe('29. marts 2026 kl. 03.00');
    expect(en.at('2026-10-25T00:30:00.000Z')).toBe('25 October 2026, 02:30');
    expect(en.at('2026-10-25T01:30:00.000Z')).toBe('25 October 2026, 02:30');
    expect(da.at('2027-01-01T00:05:00.000Z')).toBe('1. januar 2027 kl. 01.05');
    expect(da.day('2025-05-31')).toBe('31. maj 2025');
    expect(en.day('2025-05-31')).toBe('31 May 2025');
  });

  test('fields are named by their labels', () => {
    expect(editorMessages('da').label('api::press-release.press-release', 'releaseDate')).toBe('Embargo til');
    expect(editorMessages('en').label('api::press-release.press-release', 'releaseDate')).toBe('Embargoed until');
  });

  test("the language: the admin user's choice, else Accept-Language (da or en, by weight, then order), else Danish; English without an admin user", () => {
    expect(acceptedLanguage('fr-FR, en;q=0.8, da;q=0.5')).toBe('en');
    expect(acceptedLanguage('da;q=0.5, en-GB;q=0.5')).toBe('da');
    expect(acceptedLanguage('en;q=0, da-DK')).toBe('da');
    expect(acceptedLanguage('de, nb')).toBeNull();
    expect(adminLanguage({ preferedLanguage: 'en' }, 'da')).toBe('en');
    expect(adminLanguage({ preferedLanguage: 'de' }, 'en-US')).toBe('en');
    expect(adminLanguage({ preferedLanguage: null }, undefined)).toBe('da');
    const admin = (user: object, header?: string) => ({ state: { user, auth: { strategy: { name: 'admin' } } }, headers: header ? { 'accept-language': header } : {} });
    expect(messageLanguage(admin({}, 'en'))).toBe('en');
    expect(messageLanguage(admin({}))).toBe('da');
    expect(messageLanguage({ state: { user: { preferedLanguage: 'da' }, auth: { strategy: { name: 'api-token' } } }, headers: { 'accept-language': 'da' } })).toBe('en');
    expect(messageLanguage(undefined)).toBe('en');
  });
});
