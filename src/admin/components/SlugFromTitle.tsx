import * as React from 'react';
import { useDebounce, useFetchClient, useForm, useQueryParams } from '@strapi/admin/strapi-admin';

/**
 * The slug follows the title while the editor types it. Strapi's slug field asks the server for
 * a slug once, when the form opens: on a new document the title is still empty then, so it shows
 * the type's name (`case-story`) and keeps it. Here, each time the title settles (300 ms), a slug
 * that is empty, that placeholder, or the one made here before, is made again from the title by
 * Strapi's own generator (the same rules as on save: æ → ae, unique in its locale). A slug the
 * editor wrote is left alone. The server rebuilds it on save by the same rule
 * (src/content-rules/slugs.ts), so the form only shows early what will be saved.
 */
type Schema = { default: { info: { singularName: string }; attributes: Record<string, { type: string; targetField?: string }> } };
const schemas = import.meta.glob<Schema>('../../api/*/content-types/*/schema.json', { eager: true });

type Source = { field: string; target: string; placeholder: RegExp };

/** Each content type's slug field and the field it is made from. */
export const SLUG_SOURCES: Record<string, Source> = {};
for (const [file, schema] of Object.entries(schemas) as Array<[string, Schema]>) {
  const [, api, type] = /\/api\/([^/]+)\/content-types\/([^/]+)\//.exec(file) ?? [];
  const uid = Object.entries(schema.default.attributes).find(([, attribute]) => attribute.type === 'uid' && attribute.targetField);
  if (!api || !uid) continue;
  const name = schema.default.info.singularName.replace(/[^a-z0-9-]/gi, '');
  SLUG_SOURCES[`api::${api}.${type}`] = { field: uid[0], target: uid[1].targetField!, placeholder: new RegExp(`^${name}(-\\d+)?$`) };
}

export function SlugFromTitle({ slug: model }: { slug?: string }): null {
  const source = model ? SLUG_SOURCES[model] : undefined;
  const title = useForm('SlugFromTitle', (form) => (source ? (form.values as Record<string, unknown>)[source.target] : undefined));
  const slug = useForm('SlugFromTitle', (form) => (source ? (form.values as Record<string, unknown>)[source.field] : undefined));
  const onChange = useForm('SlugFromTitle', (form) => form.onChange);
  const { post } = useFetchClient();
  const [{ query }] = useQueryParams<{ plugins?: { i18n?: { locale?: string } } }>();
  const locale = query.plugins?.i18n?.locale;
  const settledTitle = useDebounce(title, 300);
  const made = React.useRef<string | null>(null);
  const current = typeof slug === 'string' ? slug : '';
  const follows = !!source && (current === '' || source.placeholder.test(current) || current === made.current);

  React.useEffect(() => {
    if (!source || !follows || typeof settledTitle !== 'string' || settledTitle.trim() === '') return;
    let cancelled = false;
    post<{ data: string }>('/content-manager/uid/generate', { contentTypeUID: model, field: source.field, data: { [source.target]: settledTitle } }, { params: locale ? { locale } : {} })
      .then(({ data }) => {
        if (cancelled || typeof data?.data !== 'string') return;
        made.current = data.data;
        onChange(source.field, data.data);
      })
      .catch(() => undefined); // the slug field keeps what it has; the server makes it on save
    return () => {
      cancelled = true;
    };
    // Only a new title makes a new slug.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [settledTitle]);
  return null;
}
