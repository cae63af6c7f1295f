import { area, line, scaleLog, type ScaleLogarithmic } from 'd3';
import type { SweepCurves, TableReply } from '../../src/lab/labProtocol';
import { Axes, type Tick } from '../charts/Axes';
import { ChartFrame, type PlotContext } from '../charts/ChartFrame';
import type { LegendItem } from '../charts/Legend';
import { OKABE_ITO } from '../charts/palette';
import { compact, count } from '../format';
import { FLAG_SE } from './SoftmaxTable';
import { decadeDomain } from '../../src/lab/logDomain';

const TEST_ID = 'softmax-error-curve';
/** Errors are drawn no lower than this (a log axis has no 0). */
const FLOOR = 1e-9;
/** Horizontal room between the two panels, px (the right panel's y axis labels). */
const GAP = 78;

const ORDER1 = OKABE_ITO.vermillion;
const ORDER2 = OKABE_ITO.blue;

const LEGEND: LegendItem[] = [
  { label: '1st order', color: ORDER1 },
  { label: '2nd order', color: ORDER2, kind: 'dashed' },
  { label: `Monte Carlo noise (≤ ${FLAG_SE} SE)`, color: '#7b8794', kind: 'band' },
  { label: 'current scale', color: OKABE_ITO.black, kind: 'dot' },
];

/** The errors of a table at the current scale, as the curves measure them. */
export interface CurrentErrors {
  scale: number;
  meanError1: number;
  meanError2: number;
  varError1: number;
  varError2: number;
  meanSe: number;
  varSe: number;
}

/** Largest absolute error of each order against Monte Carlo in one table. */
export function currentErrors(table: TableReply | null, scale: number): CurrentErrors | null {
  const mc = table?.result.mc;
  if (!table || !mc) return null;
  const { taylor1, taylor2 } = table.result;
  const n = mc.mean.length;
  const worst = (f: (i: number) => number) =>
    Math.max(...Array.from({ length: n }, (_, i) => f(i)));
  return {
    scale,
    meanError1: worst((i) => Math.abs(taylor1.mean[i] - mc.mean[i])),
    meanError2: worst((i) => Math.abs(taylor2.mean[i] - mc.mean[i])),
    varError1: worst((i) => Math.abs(taylor1.cov[i][i] - mc.cov[i][i])),
    varError2: worst((i) => Math.abs(taylor2.cov[i][i] - mc.cov[i][i])),
    meanSe: worst((i) => mc.mean_se[i]),
    varSe: worst((i) => mc.cov_se[i][i]),
  };
}

/** Props of the error-versus-scale chart. */
export interface ErrorCurveProps {
  curves: SweepCurves | null;
  current: CurrentErrors | null;
  /** Whether the inputs have changed since the curves were computed. */
  stale: boolean;
}

/**
 * Error of each Taylor order against Monte Carlo as the covariance is scaled from 1e-3 to
 * 1e2: the largest |mean error| (left) and |variance error| (right) over the components, the
 * Monte Carlo noise level as a band, and the current scale marked.
 */
export function ErrorCurve({ curves, current, stale }: ErrorCurveProps) {
  const points = curves ? curves.scales.length : 0;

  const plot = ({ width, height, pointer }: PlotContext) => {
    const w = Math.max(10, (width - GAP) / 2);
    const lo = curves ? curves.scales[0] : 1e-3;
    const hi = curves ? curves.scales[curves.scales.length - 1] : 1e2;
    const x = scaleLog().domain([lo, hi]).range([0, w]).clamp(true);

    // The hovered sweep point, from either panel.
    const px = pointer ? (pointer.x > w + GAP ? pointer.x - w - GAP : pointer.x) : null;
    const hovered = curves && px !== null ? nearest(curves.scales, x.invert(px)) : -1;

    const svg = (
      <>
        <Panel
          title="mean"
          x={x}
          width={w}
          height={height}
          curves={curves}
          e1={curves?.meanError1}
          e2={curves?.meanError2}
          se={curves?.meanSe}
          current={current && [current.meanError1, current.meanError2]}
          currentScale={current?.scale ?? null}
          hovered={hovered}
          yLabel="max |E[s] error|"
        />
        <g transform={`translate(${w + GAP},0)`}>
          <Panel
            title="variance"
            x={x}
            width={w}
            height={height}
            curves={curves}
            e1={curves?.varError1}
            e2={curves?.varError2}
            se={curves?.varSe}
            current={current && [current.varError1, current.varError2]}
            currentScale={current?.scale ?? null}
            hovered={hovered}
            yLabel="max |Var[s] error|"
          />
        </g>
      </>
    );
    return { svg, readout: curves && hovered >= 0 ? pointReadout(curves, hovered) : null };
  };

  return (
    <div className={stale ? 'stale' : undefined}>
      <ChartFrame
        testId={TEST_ID}
        title="Error against Monte Carlo, by variance scale"
        caption={`The covariance times each scale (26 points, log axis); ${
          curves ? count(curves.samples) : '…'
        } draws per point, the same draws at every scale. Errors are the largest over the components.`}
        legend={LEGEND}
        points={points}
        idleReadout={current ? currentReadout(current) : 'Computing…'}
        plot={plot}
      />
    </div>
  );
}

/** Props of one of the two panels. */
interface PanelProps {
  title: string;
  x: ScaleLogarithmic<number, number>;
  width: number;
  height: number;
  curves: SweepCurves | null;
  e1?: Float64Array;
  e2?: Float64Array;
  se?: Float64Array;
  current: [number, number] | null;
  currentScale: number | null;
  hovered: number;
  yLabel: string;
}

/** One log-log panel: both orders' error lines, the noise band and the current scale. */
function Panel(props: PanelProps) {
  const { title, x, width, height, curves, e1, e2, se, current, currentScale, hovered } = props;
  const values = [...(e1 ?? []), ...(e2 ?? []), ...(se ?? []).map((v) => FLAG_SE * v)];
  if (current) values.push(...current);
  const y = scaleLog().domain(decadeDomain(values, FLOOR)).range([height, 0]).clamp(true);
  const index = curves ? Array.from(curves.scales, (_, k) => k) : [];
  const at = (v: number) => y(Math.max(FLOOR, v));

  const path = (e?: Float64Array) =>
    curves && e
      ? (line<number>()
          .defined((k) => Number.isFinite(e[k]))
          .x((k) => x(curves.scales[k]))
          .y((k) => at(e[k]))(index) ?? undefined)
      : undefined;
  const band =
    curves && se
      ? (area<number>()
          .x((k) => x(curves.scales[k]))
          .y0(height)
          .y1((k) => at(FLAG_SE * se[k]))(index) ?? undefined)
      : undefined;

  return (
    <g className="error-panel" data-panel={title}>
      <Axes
        width={width}
        height={height}
        xTicks={decadeTicks(x)}
        yTicks={decadeTicks(y)}
        xLabel="variance scale (× Σ)"
        yLabel={props.yLabel}
      />
      <text className="panel-label" x={8} y={14}>
        {title}
      </text>
      <path className="noise-band" d={band} fill="#7b8794" opacity={0.25} />
      <path className="order1" d={path(e1)} fill="none" stroke={ORDER1} strokeWidth={2.5} />
      <path
        className="order2"
        d={path(e2)}
        fill="none"
        stroke={ORDER2}
        strokeWidth={2.5}
        strokeDasharray="6 4"
      />
      {currentScale !== null && (
        <g className="current" data-scale={currentScale}>
          <line x1={x(currentScale)} x2={x(currentScale)} y1={0} y2={height} stroke="#111" />
          {current && (
            <>
              <circle cx={x(currentScale)} cy={at(current[0])} r={5} fill={ORDER1} stroke="#fff" />
              <circle cx={x(currentScale)} cy={at(current[1])} r={4} fill={ORDER2} stroke="#fff" />
            </>
          )}
        </g>
      )}
      {curves && hovered >= 0 && (
        <line
          className="hover-line"
          x1={x(curves.scales[hovered])}
          x2={x(curves.scales[hovered])}
          y2={height}
        />
      )}
    </g>
  );
}

/** Ticks at the powers of ten inside a log scale's domain, labelled 1e-4, 1e-3, 0.01, …, 100. */
function decadeTicks(scale: ScaleLogarithmic<number, number>): Tick[] {
  const [a, b] = scale.domain();
  const ticks: Tick[] = [];
  for (let p = Math.ceil(Math.log10(a) - 1e-9); p <= Math.floor(Math.log10(b) + 1e-9); p++) {
    ticks.push({ position: scale(10 ** p), label: p < -2 || p > 3 ? `1e${p}` : String(10 ** p) });
  }
  return ticks;
}

/** Index of the scale nearest to `value` on a log axis. */
function nearest(scales: Float64Array, value: number): number {
  let best = 0;
  for (let k = 1; k < scales.length; k++) {
    if (Math.abs(Math.log(scales[k] / value)) < Math.abs(Math.log(scales[best] / value))) best = k;
  }
  return best;
}

/** Readout of one sweep point. */
function pointReadout(c: SweepCurves, k: number): string {
  return (
    `scale ${compact(c.scales[k])} — mean error: 1st ${compact(c.meanError1[k])}, ` +
    `2nd ${compact(c.meanError2[k])} (SE ${compact(c.meanSe[k])}) · variance error: ` +
    `1st ${compact(c.varError1[k])}, 2nd ${compact(c.varError2[k])} (SE ${compact(c.varSe[k])})`
  );
}

/** Readout of the table at the current scale. */
function currentReadout(c: CurrentErrors): string {
  return (
    `current scale ${compact(c.scale)} — mean error: 1st ${compact(c.meanError1)}, ` +
    `2nd ${compact(c.meanError2)} (SE ${compact(c.meanSe)}) · variance error: ` +
    `1st ${compact(c.varError1)}, 2nd ${compact(c.varError2)} (SE ${compact(c.varSe)})`
  );
}
