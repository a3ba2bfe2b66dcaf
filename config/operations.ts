import { operationsSettings } from '../src/settings/operations';

/** How this instance operates (filter limits, diagnostics, locales, first boot; the guards' settings are production-guards' in config/plugins.ts): src/settings/operations.ts, read as `operations(strapi)`. */
export default () => operationsSettings(process.env);
