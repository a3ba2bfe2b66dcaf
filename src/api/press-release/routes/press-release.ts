import { factories } from '@strapi/strapi';

// Read-only for the content API: content is written in the admin, never through /api.
export default factories.createCoreRouter('api::press-release.press-release', { only: ['find', 'findOne'] });
