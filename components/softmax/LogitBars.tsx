import { useEffect, useRef, type KeyboardEvent } from 'react';
import { drag, scaleBand, scaleLinear, select, type ScaleLinear } from 'd3';
import { useElementSize } from '../hooks/useElementSize';
import { Axes, scaleTicks } from '../charts/Axes';
import { OKABE_ITO } from '../charts/palette';
import { fixed } from '../format';

/** Props of the logit bars. */
export interface LogitBarsProps {
  labels: readonly string[];
  means: readonly number[];
  /** Standard deviation of each logit at the current scale (drawn as a whisker). */
  sds: readonly number[];
  /** Range a mean may take. */
  bounds: readonly [number, number];
  onChange: (i: number, value: number) => void;
}

const MARGINS = { top: 12, right: 12, bottom: 40, left: 56 };
/** Arrow keys move a mean by this much; with Shift, ten times as much. */
const KEY_STEP = 0.1;

/**
 * The logit means as bars from 0: drag a bar (or anywhere in its column) up or down, or focus
 * it and use the arrow keys. A whisker shows ±1 standard deviation at the current scale.
 */
export function LogitBars({ labels, means, sds, bounds, onChange }: LogitBarsProps) {
  const boxRef = useRef<HTMLDivElement>(null);
  const size = useElementSize(boxRef);
  const width = Math.max(0, size.width - MARGINS.left - MARGINS.right);
  const height = Math.max(0, size.height - MARGINS.top - MARGINS.bottom);

  const x = scaleBand<number>()
    .domain(means.map((_, i) => i))
    .range([0, width])
    .padding(0.25);
  const y = scaleLinear().domain(bounds).range([height, 0]);

  return (
    <div className="logit-bars" ref={boxRef}>
      <svg width={size.width} height={size.height} role="group" aria-label="logit means">
        {width > 0 && height > 0 && (
          <g transform={`translate(${MARGINS.left},${MARGINS.top})`}>
            <Axes
              width={width}
              height={height}
              xTicks={labels.map((l, i) => ({
                position: (x(i) ?? 0) + x.bandwidth() / 2,
                label: l,
              }))}
              yTicks={scaleTicks(y, 8)}
              xLabel=""
              yLabel="logit mean μᵢ"
              yLabelOffset={40}
            />
            <line className="zero-line" x1={0} x2={width} y1={y(0)} y2={y(0)} />
            {means.map((m, i) => (
              <LogitBar
                key={i}
                index={i}
                label={labels[i]}
                mean={m}
                sd={sds[i]}
                x={x(i) ?? 0}
                band={x.bandwidth()}
                height={height}
                y={y}
                bounds={bounds}
                onChange={onChange}
              />
            ))}
          </g>
        )}
      </svg>
    </div>
  );
}

/** Props of one draggable bar. */
interface LogitBarProps {
  index: number;
  label: string;
  mean: number;
  sd: number;
  x: number;
  band: number;
  height: number;
  y: ScaleLinear<number, number>;
  bounds: readonly [number, number];
  onChange: (i: number, value: number) => void;
}

/** One logit's bar, its value, its ±1 sd whisker and a transparent column to grab. */
function LogitBar({ index, label, mean, sd, x, band, height, y, bounds, onChange }: LogitBarProps) {
  const ref = useRef<SVGGElement>(null);
  // The drag handler reads the newest scale and callback without re-binding on every render.
  const latest = useRef({ y, onChange, index });
  useEffect(() => {
    latest.current = { y, onChange, index };
  });

  useEffect(() => {
    const g = ref.current;
    if (!g) return;
    const behaviour = drag<SVGGElement, unknown>()
      .container(() => g.parentNode as SVGGElement)
      .on('start drag', (event: { y: number }) => {
        const { y: scale, onChange: change, index: i } = latest.current;
        change(i, round(scale.invert(event.y)));
      });
    select(g).call(behaviour);
    return () => {
      select(g).on('.drag', null);
    };
  }, []);

  const onKeyDown = (e: KeyboardEvent<SVGGElement>) => {
    const step = e.shiftKey ? 10 * KEY_STEP : KEY_STEP;
    const moves: Record<string, number> = {
      ArrowUp: step,
      ArrowRight: step,
      ArrowDown: -step,
      ArrowLeft: -step,
      PageUp: 1,
      PageDown: -1,
    };
    if (e.key in moves) {
      e.preventDefault();
      onChange(index, round(mean + moves[e.key]));
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      onChange(index, e.key === 'Home' ? bounds[0] : bounds[1]);
    }
  };

  const y0 = y(0);
  const ym = y(mean);
  const whiskerTop = y(Math.min(bounds[1], mean + sd));
  const whiskerBottom = y(Math.max(bounds[0], mean - sd));
  const cx = x + band / 2;
  const above = mean >= 0;
  return (
    <g
      ref={ref}
      className="logit-bar"
      data-testid={`softmax-logit-${index}`}
      data-value={mean}
      tabIndex={0}
      role="slider"
      aria-label={`mean of ${label}`}
      aria-valuemin={bounds[0]}
      aria-valuemax={bounds[1]}
      aria-valuenow={mean}
      aria-valuetext={fixed(mean)}
      onKeyDown={onKeyDown}
    >
      <rect className="grab" x={x} width={band} y={0} height={height} />
      <rect
        className="bar"
        x={x}
        width={band}
        y={Math.min(y0, ym)}
        height={Math.max(1, Math.abs(ym - y0))}
        fill={OKABE_ITO.blue}
      />
      <line className="whisker" x1={cx} x2={cx} y1={whiskerTop} y2={whiskerBottom} />
      <line className="whisker" x1={cx - 6} x2={cx + 6} y1={whiskerTop} y2={whiskerTop} />
      <line className="whisker" x1={cx - 6} x2={cx + 6} y1={whiskerBottom} y2={whiskerBottom} />
      <text
        className="bar-value"
        x={cx}
        y={labelY(above, ym, whiskerTop, whiskerBottom, height)}
        textAnchor="middle"
      >
        {fixed(mean)}
      </text>
    </g>
  );
}

/** Where a bar's value goes: beyond its end and whisker, but never outside the plot. */
function labelY(above: boolean, ym: number, top: number, bottom: number, height: number): number {
  const y = above ? Math.min(ym, top) - 6 : Math.max(ym, bottom) + 16;
  return Math.min(height - 4, Math.max(14, y));
}

/** Means move in steps of 0.01 so values read cleanly. */
function round(value: number): number {
  return Math.round(value * 100) / 100;
}
