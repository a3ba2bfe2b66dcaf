import type { Core } from '@strapi/strapi';
import type { SyndicationConfig } from './config';
import { registerPageMetadata } from './page-metadata';

type ResponseCache = { declareTypeDependencies(typeName: string, tags: string[]): void };

/** `pageMetadata` on the configured GraphQL types (before the schema is built), and what its answers depend on for the response cache. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = strapi.config.get('plugin::syndication') as SyndicationConfig;
  registerPageMetadata(strapi, config);
  if (strapi.plugins['graphql-acceleration'] && Object.keys(config.pageMetadata).length > 0) {
    const cache = strapi.plugin('graphql-acceleration').service('cache') as unknown as ResponseCache;
    // The served version's type is already a dependency of the answer; its image and authors are not.
    const read = [
      ...new Set(
        config.feeds
          .filter((feed) => config.pageMetadata[feed.contentType])
          .flatMap((feed) => ['plugin::upload.file', ...(feed.fields.authors ? [authorsType(strapi, feed.contentType, feed.fields.authors)] : [])])
      ),
    ];
    for (const type of ['PageMetadata', 'PageImage', 'PagePublisher', 'PageAlternate']) cache.declareTypeDependencies(type, read);
  }
};

function authorsType(strapi: Core.Strapi, uid: string, attribute: string): string {
  const target = (strapi.contentType(uid as never) as unknown as { attributes: Record<string, { target?: string }> }).attributes[attribute]?.target;
  if (!target) throw new Error(`[syndication] ${uid}.${attribute} is no relation`);
  return target;
}
