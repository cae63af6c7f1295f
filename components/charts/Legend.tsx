import { memo } from 'react';
import { sameContent } from '../hooks/useFrameSelector';

/** One legend entry: a colour swatch (line, dashed line, band or dot) and its label. */
export interface LegendItem {
  label: string;
  color: string;
  kind?: 'line' | 'dashed' | 'band' | 'dot';
  /** An SVG path centred on 0,0 drawn over the line (a series' marker shape). */
  shape?: string;
}

/** A horizontal legend of swatches and labels (re-rendered only when its items change). */
export const Legend = memo(
  function Legend({ items }: { items: readonly LegendItem[] }) {
    return (
      <ul className="legend">
        {items.map((item) => (
          <li key={item.label}>
            <svg width={26} height={14} aria-hidden="true">
              <Swatch {...item} />
            </svg>
            {item.label}
          </li>
        ))}
      </ul>
    );
  },
  (a, b) => sameContent(a.items, b.items),
);

/** The little mark drawn beside a legend label. */
function Swatch({ color, kind = 'line', shape }: LegendItem) {
  if (kind === 'band')
    return <rect x={1} y={2} width={24} height={10} fill={color} opacity={0.3} />;
  if (kind === 'dot') return <circle cx={13} cy={7} r={5} fill={color} />;
  return (
    <>
      <line
        x1={1}
        x2={25}
        y1={7}
        y2={7}
        stroke={color}
        strokeWidth={3}
        strokeDasharray={kind === 'dashed' ? '5 3' : undefined}
      />
      {shape && <path d={shape} transform="translate(13,7)" fill={color} stroke="#fff" />}
    </>
  );
}
