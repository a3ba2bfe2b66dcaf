import { operationsSettings } from '../src/settings/operations';

/** How this instance operates (limits, turns, guards, diagnostics, first boot): src/settings/operations.ts, read as `operations(strapi)`. */
export default () => operationsSettings(process.env);
