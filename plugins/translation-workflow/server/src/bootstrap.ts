import type { Core } from '@strapi/strapi';
import { translationsService } from './services';

/** Refuses to start without the tables (the app's migration); then keeps states on every save and fills them for documents made before. */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  const service = translationsService(strapi);
  if (!(await service.store.tablesExist())) {
    throw new Error(
      "translation-workflow: the tables translation_states and translation_sources are missing. Add a knex migration to the app's database/migrations that exports require('strapi-plugin-translation-workflow/database/tables')."
    );
  }
  service.tracker.register(async () => (await strapi.plugin('i18n').service('locales').getDefaultLocale()) as string);
  const started = Date.now();
  const { written: filled } = await service.resync('missing');
  if (filled > 0) strapi.log.info(`[translation-workflow] states of ${filled} documents recorded in ${Date.now() - started} ms`);
};
