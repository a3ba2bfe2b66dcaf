import * as React from 'react';
import { useDebounce, useFetchClient, useForm, useQueryParams } from '@strapi/admin/strapi-admin';
import { unstable_useDocument as useDocument } from '@strapi/content-manager/strapi-admin';
import { useParams } from 'react-router-dom';
import { CONTENT_TYPES } from '../schemas';

/**
 * The slug follows the title while the editor types it. Strapi's slug field asks the server for
 * a slug once, when the form opens: on a new document the title is still empty then, so it shows
 * the type's name (`case-story`) and keeps it. Here, while the locale version has never been
 * published, each time the title settles (300 ms) a slug that is empty, that placeholder, or the
 * one the title made (here, or on the server before) is made again from the title by Strapi's own
 * generator (the same rules as on save: æ → ae, unique in its locale). A slug the editor wrote is
 * left alone, also when they write it while an answer is on its way; a published version's slug
 * is never touched. The server applies the same rule on save (src/content-rules/slugs.ts), so the
 * form shows early what will be saved.
 */
type Source = { field: string; target: string; placeholder: RegExp };

/** Each content type's slug field and the field it is made from. */
export const SLUG_SOURCES: Record<string, Source> = {};
for (const [uid, schema] of Object.entries(CONTENT_TYPES)) {
  const slug = Object.entries(schema.attributes).find(([, attribute]) => attribute.type === 'uid' && attribute.targetField);
  if (!slug) continue;
  const name = (schema.info.singularName ?? '').replace(/[^a-z0-9-]/gi, '');
  SLUG_SOURCES[uid] = { field: slug[0], target: slug[1].targetField!, placeholder: new RegExp(`^${name}(-\\d+)?$`) };
}

/** Whether `slug` is what a title made: the generated slug, with or without a `-N` for uniqueness. */
const madeFrom = (generated: string, slug: string) => new RegExp(`^${generated.replace(/-\d+$/, '').replace(/[^a-z0-9-]/gi, '')}(-\\d+)?$`).test(slug);

type Values = Record<string, unknown>;

export function SlugFromTitle({ slug: model }: { slug?: string }): null {
  const source = model ? SLUG_SOURCES[model] : undefined;
  const title = useForm('SlugFromTitle', (form) => (source ? (form.values as Values)[source.target] : undefined));
  const slug = useForm('SlugFromTitle', (form) => (source ? (form.values as Values)[source.field] : undefined));
  const initialTitle = useForm('SlugFromTitle', (form) => (source ? (form.initialValues as Values)[source.target] : undefined));
  const initialSlug = useForm('SlugFromTitle', (form) => (source ? (form.initialValues as Values)[source.field] : undefined));
  const onChange = useForm('SlugFromTitle', (form) => form.onChange);
  const { post } = useFetchClient();
  const [{ query }] = useQueryParams<{ plugins?: { i18n?: { locale?: string } } }>();
  const locale = query.plugins?.i18n?.locale;
  const { id, collectionType = 'collection-types' } = useParams<{ id?: string; collectionType?: string }>();
  const creating = !id || id === 'create';
  const { document } = useDocument({ documentId: creating ? undefined : id, model: model ?? '', collectionType, params: locale ? { locale } : {} } as never, { skip: creating || !source });
  const status = (document as { status?: string } | undefined)?.status;
  const neverPublished = creating || status === 'draft';

  const settledTitle = useDebounce(title, 300);
  const made = React.useRef<string | null>(null);
  const current = typeof slug === 'string' ? slug : '';
  const follows = (value: string) => !!source && neverPublished && (value === '' || source.placeholder.test(value) || value === made.current);
  // The slug of the last render, for callbacks that finish later (kept up to date after each render).
  const currentRef = React.useRef(current);
  React.useLayoutEffect(() => {
    currentRef.current = current;
  });

  const generate = React.useCallback(
    async (from: string) => {
      const { data } = await post<{ data: string }>(
        '/content-manager/uid/generate',
        { contentTypeUID: model, field: source!.field, data: { [source!.target]: from } },
        { params: locale ? { locale } : {} }
      );
      return typeof data?.data === 'string' ? data.data : null;
    },
    [post, model, source, locale]
  );

  // A saved draft whose slug its title made (on the server, or before a reload) goes on following it.
  React.useEffect(() => {
    if (!source || creating || status !== 'draft' || made.current !== null) return;
    const saved = currentRef.current;
    if (!saved || source.placeholder.test(saved) || typeof initialTitle !== 'string' || initialTitle.trim() === '') return;
    let cancelled = false;
    generate(initialTitle)
      .then((generated) => {
        if (!cancelled && generated && madeFrom(generated, saved) && currentRef.current === saved) made.current = saved;
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [source, creating, status, initialTitle, generate]);

  React.useEffect(() => {
    if (!follows(current) || typeof settledTitle !== 'string' || settledTitle.trim() === '') return;
    // Back at the saved title: the saved slug (made again, it would collide with itself: `…-1`).
    if (settledTitle === initialTitle && typeof initialSlug === 'string' && initialSlug !== '') {
      if (current !== initialSlug && made.current !== null) {
        made.current = initialSlug;
        onChange(source!.field, initialSlug);
      }
      return;
    }
    let cancelled = false;
    generate(settledTitle)
      .then((generated) => {
        // Not if the title moved on, or the editor wrote a slug meanwhile.
        if (cancelled || !generated || !follows(currentRef.current)) return;
        made.current = generated;
        onChange(source!.field, generated);
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
