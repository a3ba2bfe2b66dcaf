import fs from 'fs';
import path from 'path';
import { arrangeEdit, VIEWS } from '../../src/bootstrap/admin-views';
import { fieldLabel } from '../../src/content-labels';
import { ROOT, startStrapi, type StrapiInstance } from '../helpers/strapi';

type Metadatas = Record<string, { edit: { description?: string; label?: string }; list: { label?: string } }>;
type Configuration = {
  data: { contentType: { layouts: { list: string[]; edit: Array<Array<{ name: string; size: number }>> }; metadatas: Metadatas }; components: Record<string, { metadatas: Metadatas }> };
};

const attributesOf = (file: string) => Object.keys(JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')).attributes as object);

/** The admin for Danish staff, set as code: list columns, edit views in a sensible order, a help text on every field. */
describe('the Content Manager views', () => {
  let app: StrapiInstance;

  beforeAll(async () => {
    app = await startStrapi({ SEED_DEMO_CONTENT: 'false' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  test.each(['case-story', 'press-release', 'partnership', 'organisation', 'focus-area', 'contact', 'municipality'])(
    '%s: the useful list columns, the edit view in order, a Danish label and a help text on every field',
    async (name) => {
      const uid = `api::${name}.${name}`;
      const response = await app.admin('GET', `/content-manager/content-types/${uid}/configuration`);
      expect(response.status).toBe(200);
      const { contentType, components } = (response.body as Configuration).data;
      expect(contentType.layouts.list).toEqual(VIEWS[uid].list);
      const order = contentType.layouts.edit.flat().map((field) => field.name);
      expect(order.slice(0, 3)).toEqual(VIEWS[uid].edit.slice(0, 3));
      for (const row of contentType.layouts.edit) expect(row.reduce((width, field) => width + field.size, 0)).toBeLessThanOrEqual(12);
      for (const field of attributesOf(`src/api/${name}/content-types/${name}/schema.json`)) {
        expect([field, contentType.metadatas[field]?.edit.description]).toEqual([field, expect.stringMatching(/\S/)]);
        const danish = fieldLabel(uid, field, 'da');
        expect(danish).not.toBe(field);
        expect([field, contentType.metadatas[field]?.edit.label, contentType.metadatas[field]?.list.label]).toEqual([field, danish, danish]);
      }
      for (const [componentUid, component] of Object.entries(components)) {
        const [category, file] = componentUid.split('.');
        for (const field of attributesOf(`src/components/${category}/${file}.json`)) {
          expect([componentUid, field, component.metadatas[field]?.edit.description]).toEqual([componentUid, field, expect.stringMatching(/\S/)]);
          expect([componentUid, field, component.metadatas[field]?.edit.label]).toEqual([componentUid, field, fieldLabel(componentUid, field, 'da')]);
        }
      }
    }
  );
});

describe('arrangeEdit', () => {
  test('puts the named fields first, keeps the others after them, and never exceeds 12 columns a row', () => {
    const current = [
      [
        { name: 'a', size: 6 },
        { name: 'b', size: 6 },
      ],
      [{ name: 'c', size: 12 }],
      [{ name: 'd', size: 4 }],
    ];
    expect(arrangeEdit(current, ['c', 'd', 'missing'])).toEqual([
      [{ name: 'c', size: 12 }],
      [
        { name: 'd', size: 4 },
        { name: 'a', size: 6 },
      ],
      [{ name: 'b', size: 6 }],
    ]);
  });
});
