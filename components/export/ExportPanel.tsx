import { labStore } from '../../src/store/store';
import { historiesCsv, historiesJson } from '../../src/export/historiesCsv';
import { download, stamp } from './download';

/** Buttons that save every history of this run as CSV (tidy, one value per row) or JSON. */
export function ExportPanel() {
  const save = (kind: 'csv' | 'json') => {
    const h = labStore.getState().histories;
    const text = kind === 'csv' ? historiesCsv(h) : historiesJson(h);
    const type = kind === 'csv' ? 'text/csv' : 'application/json';
    download(new Blob([text], { type }), `kbt-lab-histories-${stamp()}.${kind}`);
  };
  return (
    <section className="panel export-panel">
      <div className="row">
        <strong>Export histories</strong>
        <button data-testid="export-csv" onClick={() => save('csv')}>
          CSV
        </button>
        <button data-testid="export-json" onClick={() => save('json')}>
          JSON
        </button>
        <span className="hint muted">every chart's data; PNG/SVG on each chart</span>
      </div>
    </section>
  );
}
