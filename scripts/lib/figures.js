// @ts-check
/** Summaries of measured values for the scripts' reports (the load test and its app child). */

/**
 * The q-quantile of `values` (nearest rank), rounded to `decimals` places; null for no values.
 * @param {number[]} values @param {number} q @param {number} [decimals]
 */
function quantile(values, q, decimals = 0) {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const scale = 10 ** decimals;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] * scale) / scale;
}

/**
 * p50, p99 and the largest of `values`, rounded to `decimals` places (null each for no values).
 * @param {number[]} values @param {number} [decimals]
 */
function spread(values, decimals = 0) {
  return { p50: quantile(values, 0.5, decimals), p99: quantile(values, 0.99, decimals), max: quantile(values, 1, decimals) };
}

module.exports = { quantile, spread };
