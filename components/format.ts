/** Number formatting shared by the panels and charts. */

/** A fixed-point string, or '—' for a non-finite value. */
export function fixed(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '—';
}

/** A compact string for values spanning many decades: 0, 0.25, 3.2e-5. */
export function compact(value: number): string {
  if (!Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e-2 && abs < 1e4) return String(Number(value.toPrecision(3)));
  return value.toExponential(1).replace('e+', 'e');
}

/** An integer with thousands separators, or '—'. */
export function count(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : '—';
}
