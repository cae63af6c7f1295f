/**
 * Validation of learner settings coming from the UI, a URL or a file: every bad value gets
 * a clear message and a safe value; nothing else changes.
 */
import type { KbtSettings } from '../protocol';

/** Safe ranges of the numeric knobs. */
export const SETTING_RANGES = {
  sigma0: [1e-4, 1],
  obsNoise: [1e-6, 1],
  processNoise: [0, 1e-2],
} as const;

/** Merge a partial, untrusted settings object into the current settings. */
export function validateSettings(
  input: unknown,
  current: KbtSettings,
  allLayers: string[],
): { settings: KbtSettings; warnings: string[] } {
  const warnings: string[] = [];
  const out: KbtSettings = { ...current, layers: [...current.layers] };
  if (typeof input !== 'object' || input === null) {
    return { settings: out, warnings: ['[settings] expected an object; nothing changed'] };
  }
  const raw = input as Record<string, unknown>;
  for (const key of Object.keys(SETTING_RANGES) as (keyof typeof SETTING_RANGES)[]) {
    if (!(key in raw)) continue;
    const [lo, hi] = SETTING_RANGES[key];
    const v = raw[key];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      warnings.push(`[settings] ${key} must be a finite number; kept ${current[key]}`);
    } else if (v < lo || v > hi) {
      out[key] = Math.min(hi, Math.max(lo, v));
      warnings.push(`[settings] ${key} = ${v} is outside [${lo}, ${hi}]; using ${out[key]}`);
    } else out[key] = v;
  }
  if ('softmaxOrder' in raw) {
    if (raw.softmaxOrder === 1 || raw.softmaxOrder === 2) out.softmaxOrder = raw.softmaxOrder;
    else warnings.push(`[settings] softmaxOrder must be 1 or 2; kept ${current.softmaxOrder}`);
  }
  if ('covariance' in raw) {
    if (raw.covariance === 'full' || raw.covariance === 'diag') out.covariance = raw.covariance;
    else
      warnings.push(`[settings] covariance must be "full" or "diag"; kept ${current.covariance}`);
  }
  if ('scores' in raw) {
    if (raw.scores === 'diagonal' || raw.scores === 'row') out.scores = raw.scores;
    else
      warnings.push(
        `[settings] scores must be "diagonal" or "row"; kept ${current.scores ?? 'diagonal'}`,
      );
  }
  if ('layers' in raw) {
    const list = Array.isArray(raw.layers) ? raw.layers : [];
    const known = list.filter((n): n is string => typeof n === 'string' && allLayers.includes(n));
    if (known.length !== list.length) {
      warnings.push('[settings] unknown Bayesian layer names were ignored');
    }
    if (known.length === 0)
      warnings.push('[settings] at least one Bayesian layer is needed; kept the current ones');
    else out.layers = allLayers.filter((n) => known.includes(n));
  }
  return { settings: out, warnings };
}
