import { memo, useLayoutEffect, useRef } from 'react';
import { select } from 'd3';
import { sameContent } from '../hooks/useFrameSelector';

/** A tick on an axis: its pixel position inside the plot and its label. */
export interface Tick {
  position: number;
  label: string;
}

/** Props of Axes: plot size in pixels, ticks, and axis titles with units. */
export interface AxesProps {
  width: number;
  height: number;
  xTicks: readonly Tick[];
  yTicks: readonly Tick[];
  xLabel: string;
  yLabel: string;
  /** Draw light grid lines at the ticks. */
  grid?: boolean;
  /** Distance of the y-axis title from the plot's left edge, px. */
  yLabelOffset?: number;
}

/**
 * Bottom and left axes with tick labels and titles, drawn inside the plot's <g>. The ticks are
 * joined with d3 rather than rendered as React elements: a time axis changes every frame.
 */
export const Axes = memo(function Axes({
  width,
  height,
  xTicks,
  yTicks,
  xLabel,
  yLabel,
  grid = true,
  yLabelOffset = 50,
}: AxesProps) {
  const xRef = useRef<SVGGElement>(null);
  const yRef = useRef<SVGGElement>(null);

  useLayoutEffect(() => {
    if (xRef.current) joinTicks(xRef.current, xTicks, 'x', 0);
    if (yRef.current) joinTicks(yRef.current, yTicks, 'y', grid ? width : 0);
  }, [xTicks, yTicks, grid, width]);

  return (
    <g className="axes">
      <g ref={yRef} />
      <g ref={xRef} transform={`translate(0,${height})`} />
      <line className="domain" x1={0} x2={width} y1={height} y2={height} />
      <line className="domain" x1={0} x2={0} y1={0} y2={height} />
      <text className="axis-title" x={width / 2} y={height + 40} textAnchor="middle">
        {xLabel}
      </text>
      <text
        className="axis-title"
        transform={`translate(${-yLabelOffset},${height / 2}) rotate(-90)`}
        textAnchor="middle"
      >
        {yLabel}
      </text>
    </g>
  );
}, sameAxes);

/** Props are equal when sizes, labels and every tick's position and label are. */
function sameAxes(a: AxesProps, b: AxesProps): boolean {
  return (
    a.width === b.width &&
    a.height === b.height &&
    a.xLabel === b.xLabel &&
    a.yLabel === b.yLabel &&
    a.grid === b.grid &&
    a.yLabelOffset === b.yLabelOffset &&
    sameContent(a.xTicks, b.xTicks) &&
    sameContent(a.yTicks, b.yTicks)
  );
}

/** Draws ticks (mark, label and, with gridLength > 0, a grid line) into an axis group. */
function joinTicks(
  group: SVGGElement,
  ticks: readonly Tick[],
  axis: 'x' | 'y',
  gridLength: number,
) {
  const sel = select(group)
    .selectAll<SVGGElement, Tick>('g.tick')
    .data(ticks, (t) => t.label)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'tick');
      g.append('line').attr('class', 'grid');
      g.append('line').attr('class', 'mark');
      g.append('text');
      return g;
    });
  sel.attr('transform', (t) =>
    axis === 'x' ? `translate(${t.position},0)` : `translate(0,${t.position})`,
  );
  sel.select('line.mark').attr(axis === 'x' ? 'y2' : 'x2', axis === 'x' ? 5 : -5);
  sel
    .select('line.grid')
    .attr('x2', axis === 'y' ? gridLength : 0)
    .attr('display', axis === 'y' && gridLength > 0 ? null : 'none');
  sel
    .select('text')
    .attr('x', axis === 'x' ? 0 : -8)
    .attr('y', axis === 'x' ? 20 : 0)
    .attr('dy', axis === 'y' ? '0.32em' : null)
    .attr('text-anchor', axis === 'x' ? 'middle' : 'end')
    .text((t) => t.label);
}

/**
 * Ticks of a continuous d3 scale, formatted with the scale's own tick format. With `integer`
 * (a count such as ticks), ticks that are not whole numbers are left out.
 */
export function scaleTicks(
  scale: {
    (v: number): number;
    ticks(count?: number): number[];
    tickFormat(count?: number, spec?: string): (v: number) => string;
  },
  count: number,
  spec?: string,
  integer = false,
): Tick[] {
  const format = scale.tickFormat(count, integer ? ',d' : spec);
  return scale
    .ticks(count)
    .filter((v) => !integer || Number.isInteger(v))
    .map((v) => ({ position: scale(v), label: format(v) }));
}

/** Ticks of a time axis in ticks (whole numbers), about one per 90 px of plot width. */
export function timeTicks(scale: Parameters<typeof scaleTicks>[0], width: number): Tick[] {
  return scaleTicks(scale, Math.max(2, Math.floor(width / 90)), undefined, true);
}
