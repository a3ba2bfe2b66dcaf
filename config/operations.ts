import { operationsSettings } from '../src/config/operations';

/** How this instance operates (limits, turns, guards, diagnostics, first boot): src/config/operations.ts, read as `operations(strapi)`. */
export default () => operationsSettings(process.env);
