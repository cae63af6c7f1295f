import { describe, expect, it } from 'vitest';
import { csvParse } from 'd3';
import { appendFresh, emptyHistories } from '../store/store';
import { historiesCsv, historiesJson } from './historiesCsv';

describe('history export', () => {
  const h = appendFresh(emptyHistories(), {
    actions: [{ tick: 1, mean: 0.5, std: 0.1, expert: 0.4 }],
    evals: [{ tick: 0, learner: 'kbt', success: 1, meanReturn: 200, samples: 0 }],
    shrink: [],
    shifts: [{ tick: 1, label: 'heavy, "long" pole' }],
    calib: [{ tick: 1, samples: 0, learner: 'sgd', mean: 0.2, std: null, y: 0.3 }],
    innovation: [{ tick: 1, innovation: 0.1, S: 0.04, nis: 0.25 }],
  });

  it('writes one row per value with its series, and quotes labels', () => {
    const rows = csvParse(historiesCsv(h));
    expect(rows.columns).toEqual(['series', 'key', 'row', 'column', 'value']);
    const series = new Set(rows.map((r) => r.series));
    for (const s of ['actions', 'evals', 'shifts', 'calib', 'innovation'])
      expect(series).toContain(s);
    const label = rows.find((r) => r.series === 'shifts' && r.column === 'label');
    expect(label?.value).toBe('heavy, "long" pole');
    const nis = rows.find((r) => r.series === 'innovation' && r.column === 'nis');
    expect(Number(nis?.value)).toBe(0.25);
    // Actions 4 columns, evals 4 (tick, samples, success, return), shift 2, calib 5, innovation 4.
    expect(rows).toHaveLength(4 + 4 + 2 + 5 + 4);
  });

  it('writes JSON that parses back, a missing σ as null', () => {
    const back = JSON.parse(historiesJson(h));
    expect(back.evals.kbt.success).toEqual([1]);
    expect(back.calib.sgd.recent.std).toEqual([null]);
  });
});
