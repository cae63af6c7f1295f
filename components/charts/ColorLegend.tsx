import { memo, useId } from 'react';
import { scaleLinear } from 'd3';

/** Props: the colour interpolator over [0, 1], the value range, and what colour means. */
export interface ColorLegendProps {
  interpolator: (t: number) => string;
  max: number;
  /** The value at the bar's left end (0 unless given; −max for a diverging scale). */
  min?: number;
  label: string;
  /** Bar width, px. */
  width?: number;
}

/** A horizontal colour bar with ticks for a colour scale over [min, max] (default [0, max]). */
export const ColorLegend = memo(function ColorLegend({
  interpolator,
  max,
  min = 0,
  label,
  width = 200,
}: ColorLegendProps) {
  const gradientId = `color-legend-${useId().replace(/:/g, '')}`;
  const stops = Array.from({ length: 11 }, (_, i) => i / 10);
  const x = scaleLinear().domain([min, max]).range([0, width]);
  // About one tick per 50 px, so labels like 0.000 … 0.040 do not run into each other.
  const tickCount = Math.max(2, Math.floor(width / 50));
  const format = x.tickFormat(tickCount);
  return (
    <div className="color-legend">
      <span>{label}</span>
      <svg width={width + 40} height={34} aria-hidden="true">
        <defs>
          <linearGradient id={gradientId}>
            {stops.map((t) => (
              <stop key={t} offset={`${t * 100}%`} stopColor={interpolator(t)} />
            ))}
          </linearGradient>
        </defs>
        <g transform="translate(20,0)">
          <rect width={width} height={12} fill={`url(#${gradientId})`} stroke="#333" />
          {x.ticks(tickCount).map((v) => (
            <text key={v} x={x(v)} y={29} textAnchor="middle">
              {format(v)}
            </text>
          ))}
        </g>
      </svg>
    </div>
  );
});
