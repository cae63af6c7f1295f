import type { ShiftMarker } from '../../src/protocol';

/** Props: markers, the x scale (tick → px), the plot's pixel size. */
export interface ShiftLinesProps {
  markers: readonly ShiftMarker[];
  x: (tick: number) => number;
  width: number;
  height: number;
}

/** Each shift as a labelled dashed vertical line; markers outside the plot are left out. */
export function ShiftLines({ markers, x, width, height }: ShiftLinesProps) {
  return (
    <g className="shift-lines">
      {markers.map((m, i) => {
        const px = x(m.tick);
        if (!Number.isFinite(px) || px < 0 || px > width) return null;
        const anchor = px > width - 90 ? 'end' : 'start';
        return (
          <g key={`${m.tick}-${i}`} transform={`translate(${px},0)`} data-testid="shift-marker">
            <line y1={0} y2={height} />
            <text x={anchor === 'end' ? -4 : 4} y={14 + (i % 3) * 16} textAnchor={anchor}>
              {m.label}
            </text>
          </g>
        );
      })}
    </g>
  );
}
