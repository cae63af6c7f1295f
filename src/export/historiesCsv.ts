/**
 * Every history of the store as one tidy CSV (one value per row, with the series it belongs
 * to) and as JSON. Quoting is d3-dsv's. Framework-free, so it is tested in Node.
 */
import { csvFormat } from 'd3';
import type { Histories } from '../store/store';

/** One value of one history: series (e.g. 'evals'), key (learner, layer or weight), row, column. */
export interface TidyRow {
  series: string;
  key: string;
  row: number;
  column: string;
  value: number | string;
}

/** Rows of a columnar table {column: values[]} under a series and key. */
function columnRows(series: string, key: string, table: object): TidyRow[] {
  const out: TidyRow[] = [];
  for (const [column, values] of Object.entries(table)) {
    if (!Array.isArray(values)) continue;
    values.forEach((value, row) => {
      if (typeof value === 'number' || typeof value === 'string')
        out.push({ series, key, row, column, value });
    });
  }
  return out;
}

/** Every history as tidy rows, series by series. */
export function tidyRows(h: Histories): TidyRow[] {
  const rows: TidyRow[] = [];
  rows.push(...columnRows('actions', '', h.actions));
  for (const [learner, t] of Object.entries(h.evals)) rows.push(...columnRows('evals', learner, t));
  for (const [layer, t] of Object.entries(h.shrink)) rows.push(...columnRows('shrink', layer, t));
  h.shifts.forEach((m, row) => {
    rows.push({ series: 'shifts', key: '', row, column: 'tick', value: m.tick });
    rows.push({ series: 'shifts', key: '', row, column: 'label', value: m.label });
  });
  rows.push(...columnRows('innovation', 'kbt', h.inspect.innovation));
  for (const [layer, t] of Object.entries(h.inspect.info))
    rows.push(...columnRows('info', layer, t));
  for (const [w, t] of Object.entries(h.inspect.pinned)) rows.push(...columnRows('pinned', w, t));
  for (const [learner, c] of Object.entries(h.calib)) {
    rows.push(...columnRows('calib', learner, c.recent));
    rows.push(...columnRows('nll', learner, c.chunks));
  }
  return rows;
}

/** The CSV of every history: header series,key,row,column,value. */
export function historiesCsv(h: Histories): string {
  return csvFormat(tidyRows(h), ['series', 'key', 'row', 'column', 'value']);
}

/** The JSON of every history (non-finite numbers become null, as JSON has no NaN). */
export function historiesJson(h: Histories): string {
  const { calib, ...rest } = h;
  const recent = Object.fromEntries(
    Object.entries(calib).map(([k, c]) => [k, { recent: c.recent, chunks: c.chunks }]),
  );
  return JSON.stringify({ ...rest, calib: recent }, null, 1);
}
