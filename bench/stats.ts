/** Small statistics helpers. Values keep the unit they are given in. */

/** The `p`-th percentile (0..100) of `values` by the nearest-rank method; NaN for an empty list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] ?? NaN;
}

/** The arithmetic mean of `values`; NaN for an empty list. */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The largest of `values`; NaN for an empty list. */
export function max(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => Math.max(a, b), -Infinity);
}

/** Rounds to `digits` decimals (default 2), keeping NaN and infinities as they are. */
export function round(value: number, digits = 2): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
