import { spawnSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import { SYSTEM_FIELDS, TYPE_LABELS, fieldLabel } from '../../src/content-labels';

const ROOT = path.resolve(__dirname, '..', '..');

describe('the admin in Danish', () => {
  test("every message of Strapi's admin, Content Manager, media library, i18n and releases has Danish text, with the same placeholders", () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts/check-admin-translations.mjs')], { cwd: ROOT, encoding: 'utf8' });
    const summary = run.stdout.slice(run.stdout.indexOf('Summary'));
    expect({ status: run.status, summary }).toEqual({ status: 0, summary: expect.stringMatching(/\nOK\s*$/) });
    // Each package is listed with 0 missing and 0 mismatches.
    for (const name of ['admin', 'i18n', 'content-manager', 'upload', 'content-releases']) {
      expect(summary).toMatch(new RegExp(`\\n${name}\\s+\\d+\\s+\\d+\\s+\\d+\\s+0\\s+0\\s`));
    }
  });

  test('every field of every content type and component has a Danish and an English label', () => {
    const schemas: Array<[string, Record<string, unknown>]> = [];
    const strapiDir = path.join(ROOT, 'src');
    const glob = (dir: string, pattern: RegExp): string[] =>
      fs
        .readdirSync(dir, { recursive: true })
        .map(String)
        .filter((file: string) => pattern.test(file))
        .map((file: string) => path.join(dir, file));
    for (const file of glob(path.join(strapiDir, 'api'), /content-types\/[^/]+\/schema\.json$/)) {
      const [, api, type] = /api\/([^/]+)\/content-types\/([^/]+)\//.exec(file)!;
      schemas.push([`api::${api}.${type}`, JSON.parse(fs.readFileSync(file, 'utf8')).attributes]);
    }
    for (const file of glob(path.join(strapiDir, 'components'), /^[^/]+\/[^/]+\.json$/)) {
      const [, category, name] = /components\/([^/]+)\/([^/]+)\.json$/.exec(file)!;
      schemas.push([`${category}.${name}`, JSON.parse(fs.readFileSync(file, 'utf8')).attributes]);
    }
    expect(schemas.length).toBeGreaterThanOrEqual(12);
    const unlabelled: string[] = [];
    for (const [uid, attributes] of schemas) {
      if (!TYPE_LABELS[uid]) unlabelled.push(uid);
      for (const field of Object.keys(attributes)) {
        for (const language of ['da', 'en'] as const) if (fieldLabel(uid, field, language) === field) unlabelled.push(`${uid}.${field} (${language})`);
      }
    }
    expect(unlabelled).toEqual([]);
    // Labels name fields, so two fields of one type never share one.
    for (const [uid, type] of Object.entries(TYPE_LABELS)) {
      for (const language of ['da', 'en'] as const) {
        const labels = Object.values({ ...(uid.startsWith('api::') ? SYSTEM_FIELDS : {}), ...type.fields }).map((label) => label[language]);
        expect({ uid, language, duplicates: labels.filter((label, index) => labels.indexOf(label) !== index) }).toEqual({ uid, language, duplicates: [] });
      }
    }
  });
});
