import { uninstallFairTurns } from './database/fair-turns';
import { closeRateLimits } from './rate-limit/middleware';

export default () => {
  uninstallFairTurns();
  closeRateLimits();
};
