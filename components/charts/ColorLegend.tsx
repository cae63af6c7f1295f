import { memo } from 'react';
import { scaleLinear } from 'd3';

/** Props: the colour interpolator over [0, 1], the maximum value, and what colour means. */
export interface ColorLegendProps {
  interpolator: (t: number) => string;
  max: number;
  label: string;
  /** Bar width, px. */
  width?: number;
}

/** A horizontal colour bar with ticks for a sequential colour scale over [0, max]. */
export const ColorLegend = memo(function ColorLegend({
  interpolator,
  max,
  label,
  width = 200,
}: ColorLegendProps) {
  const stops = Array.from({ length: 11 }, (_, i) => i / 10);
  const x = scaleLinear().domain([0, max]).range([0, width]);
  const format = x.tickFormat(4);
  return (
    <div className="color-legend">
      <span>{label}</span>
      <svg width={width + 24} height={34} aria-hidden="true">
        <defs>
          <linearGradient id="attention-gradient">
            {stops.map((t) => (
              <stop key={t} offset={`${t * 100}%`} stopColor={interpolator(t)} />
            ))}
          </linearGradient>
        </defs>
        <g transform="translate(12,0)">
          <rect width={width} height={12} fill="url(#attention-gradient)" stroke="#333" />
          {x.ticks(4).map((v) => (
            <text key={v} x={x(v)} y={29} textAnchor="middle">
              {format(v)}
            </text>
          ))}
        </g>
      </svg>
    </div>
  );
});
