import { memo, useEffect, useRef } from 'react';

/** A cell of a T×T map: query row i, key column j. */
export interface Cell {
  i: number;
  j: number;
}

/** Props of one attention heat map. */
export interface HeatmapProps {
  testId: string;
  title: string;
  /** T×T values (row-major, query × key), or null while there is nothing to show. */
  values: Float32Array | null;
  /** 1 where key j is visible to query i. */
  mask: Float32Array;
  tokens: number;
  labels: string[];
  color: (value: number) => string;
  /** The hovered cell of any map of the same head (drawn outlined), or null. */
  hover: Cell | null;
  onHover: (cell: Cell | null) => void;
  onRowClick: (row: number) => void;
}

const CELL = 12;
const LEFT = 24;
const TOP = 2;
const BOTTOM = 22;
const MASKED = '#eeeeee';

/** Cell under a pointer position in CSS pixels, or null outside the grid. */
function cellAt(x: number, y: number, T: number): Cell | null {
  const j = Math.floor((x - LEFT) / CELL);
  const i = Math.floor((y - TOP) / CELL);
  return i >= 0 && j >= 0 && i < T && j < T ? { i, j } : null;
}

/**
 * Canvas heat map of a T×T attention quantity: masked cells grey, token labels on both axes,
 * the hovered cell outlined. Redraws only when its inputs change. `data-cells` counts the
 * finite visible cells drawn; `data-filled` says whether values are present.
 */
export const Heatmap = memo(function Heatmap(props: HeatmapProps) {
  const { testId, title, values, mask, tokens: T, labels, color, hover } = props;
  const ref = useRef<HTMLCanvasElement>(null);
  const side = T * CELL;
  const width = LEFT + side + 2;
  const height = TOP + side + BOTTOM;
  let cells = 0;
  if (values) for (let k = 0; k < T * T; k++) if (mask[k] && Number.isFinite(values[k])) cells++;

  useEffect(() => {
    const canvas = ref.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    const dpr = window.devicePixelRatio || 1;
    canvas.width = width * dpr;
    canvas.height = height * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);

    // Cells: masked grey, missing values white, the rest by the colour scale.
    for (let i = 0; i < T; i++) {
      for (let j = 0; j < T; j++) {
        const k = i * T + j;
        const v = values?.[k];
        ctx.fillStyle = !mask[k]
          ? MASKED
          : v === undefined || !Number.isFinite(v)
            ? '#ffffff'
            : color(v);
        ctx.fillRect(LEFT + j * CELL, TOP + i * CELL, CELL, CELL);
      }
    }
    ctx.strokeStyle = '#555';
    ctx.strokeRect(LEFT + 0.5, TOP + 0.5, side, side);
    if (hover) {
      ctx.strokeStyle = '#000';
      ctx.lineWidth = 2;
      ctx.strokeRect(LEFT + hover.j * CELL + 1, TOP + hover.i * CELL + 1, CELL - 2, CELL - 2);
      ctx.lineWidth = 1;
    }

    // Token labels: queries on the left, keys below (rotated).
    ctx.fillStyle = '#333';
    ctx.font = '9px sans-serif';
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let i = 0; i < T; i++) ctx.fillText(labels[i] ?? '', LEFT - 3, TOP + (i + 0.5) * CELL);
    ctx.textAlign = 'right';
    for (let j = 0; j < T; j++) {
      ctx.save();
      ctx.translate(LEFT + (j + 0.5) * CELL, TOP + side + 3);
      ctx.rotate(-Math.PI / 2);
      ctx.fillText(labels[j] ?? '', 0, 0);
      ctx.restore();
    }
  }, [values, mask, T, labels, color, hover, width, height, side]);

  const pointer = (e: React.MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    return cellAt(e.clientX - r.left, e.clientY - r.top, T);
  };

  return (
    <figure className="heatmap">
      <figcaption>{title}</figcaption>
      <canvas
        ref={ref}
        data-testid={testId}
        data-filled={values ? 'true' : 'false'}
        data-cells={cells}
        style={{ width, height, cursor: 'pointer' }}
        aria-label={`${title}: query rows by key columns; click a row to open it in the softmax lab`}
        onMouseMove={(e) => props.onHover(pointer(e))}
        onMouseLeave={() => props.onHover(null)}
        onClick={(e) => {
          const c = pointer(e);
          if (c) props.onRowClick(c.i);
        }}
      />
    </figure>
  );
});
