/**
 * Indices 0…n−1 thinned to at most `max`, evenly spaced and always keeping the last one, so a
 * line of thousands of points is drawn with about one point per pixel.
 */
export function thinIndex(n: number, max: number): number[] {
  const cap = Math.max(2, Math.floor(max));
  if (n <= cap) return Array.from({ length: n }, (_, i) => i);
  const step = (n - 1) / (cap - 1);
  return Array.from({ length: cap }, (_, k) => Math.round(k * step));
}
