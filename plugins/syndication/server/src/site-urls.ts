import type { SyndicationConfig } from './config';

/** A document's version in one locale, as the site addresses it. */
export type PageRef = { documentId: string; locale: string; slug: string | null };

/**
 * Addresses on the public site, from `paths`: per content type (or `home`), the locale's own
 * pattern, else `'*'`. Null when there is none, or the pattern needs a slug the version lacks.
 */
export class SiteUrls {
  constructor(private readonly config: Pick<SyndicationConfig, 'siteUrl' | 'paths'>) {}

  private pattern(key: string, locale: string): string | undefined {
    const byLocale = this.config.paths[key];
    return byLocale?.[locale] ?? byLocale?.['*'];
  }

  private expand(pattern: string, values: Record<string, string>): string {
    const path = pattern.replace(/\{(locale|slug|documentId)\}/g, (_, name: string) => encodeURIComponent(values[name]));
    return /^https?:\/\//.test(path) ? path : `${this.config.siteUrl}${path}`;
  }

  /** The page of a document's version. */
  page(contentType: string, ref: PageRef): string | null {
    const pattern = this.pattern(contentType, ref.locale);
    if (!pattern || (pattern.includes('{slug}') && !ref.slug)) return null;
    return this.expand(pattern, { locale: ref.locale, slug: ref.slug ?? '', documentId: ref.documentId });
  }

  /** The front page of a language (the site's address when `home` has no pattern). */
  home(locale: string): string {
    const pattern = this.pattern('home', locale);
    return pattern ? this.expand(pattern, { locale, slug: '', documentId: '' }) : `${this.config.siteUrl}/`;
  }
}
