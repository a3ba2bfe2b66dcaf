import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/**
 * A Next.js App Router receiver of the CMS's change events: verifies the Standard Webhooks
 * signature, then revalidates the event's cache tags (and, optionally, paths). Framework-neutral
 * (Web `Request` in, `Response` out), so it runs in the tests as it runs in Next.js:
 *
 * ```ts
 * // app/api/revalidate/route.ts
 * import { revalidatePath, revalidateTag } from 'next/cache';
 * import { revalidationHandler } from '@/lib/next-revalidate';
 *
 * export const POST = revalidationHandler({
 *   secret: process.env.CMS_WEBHOOK_SECRET!, // the CMS's WEBHOOK_SECRET
 *   revalidateTag,
 *   // Optional: pages whose URL holds the slug, current and previous (a renamed page).
 *   pathsOf: (event) => event.data.locales.flatMap(({ locale, slug, previousSlug }) =>
 *     [slug, previousSlug].filter(Boolean).map((s) => `/${locale}/historier/${s}`)),
 *   revalidatePath,
 * });
 * ```
 *
 * The site tags each fetch with the tags of what it reads, as the CMS's answers name them in
 * their `Cache-Tag` header: `case-story` for a list of case stories, `case-story/<slug>` for a page
 * by slug, `case-story:<documentId>` for one by id:
 *
 * ```ts
 * fetch(CMS_GRAPHQL, { method: 'POST', body, next: { tags: ['case-story', `case-story/${slug}`] } });
 * ```
 */

/** A change event as the CMS sends it (plugins/change-events). */
export type ChangeEvent = {
  type: 'document.published' | 'document.updated' | 'document.unpublished' | 'document.deleted';
  timestamp: string;
  data: {
    contentType: { uid: string; graphqlType: string | null };
    documentId: string;
    locales: Array<{ locale: string | null; slug: string | null; previousSlug: string | null }>;
    tags: string[];
  };
};

export type RevalidationOptions = {
  /** The endpoint's signing secret (`whsec_…`), the CMS's WEBHOOK_SECRET. */
  secret: string;
  /** Next.js's `revalidateTag` (from `next/cache`). */
  revalidateTag: (tag: string) => void;
  /** Paths to revalidate for an event, with `revalidatePath`. */
  pathsOf?: (event: ChangeEvent) => string[];
  revalidatePath?: (path: string) => void;
};

export function revalidationHandler({ secret, revalidateTag, pathsOf, revalidatePath }: RevalidationOptions) {
  const webhook = new Webhook(secret);
  return async function POST(request: Request): Promise<Response> {
    // The signature covers the exact bytes: read the body as text, before any JSON parsing.
    const body = await request.text();
    let event: ChangeEvent;
    try {
      // Checks webhook-signature against webhook-id, webhook-timestamp and the body, and refuses
      // a timestamp more than five minutes away (a replayed request).
      event = webhook.verify(body, Object.fromEntries(request.headers)) as ChangeEvent;
    } catch (error) {
      if (error instanceof WebhookVerificationError) return new Response('invalid signature', { status: 401 });
      throw error;
    }
    // Revalidating is idempotent: a retry of an event already handled (same webhook-id) does no harm.
    for (const tag of event.data.tags) revalidateTag(tag);
    if (pathsOf && revalidatePath) for (const path of pathsOf(event)) revalidatePath(path);
    return new Response(null, { status: 204 });
  };
}
