import { area, line, scaleLinear } from 'd3';
import { useFrameSelector } from '../hooks/useFrameSelector';
import { count, fixed } from '../format';
import { Axes, scaleTicks, timeTicks } from './Axes';
import { ChartFrame, clipUrl, type PlotContext } from './ChartFrame';
import type { LegendItem } from './Legend';
import { OKABE_ITO } from './palette';
import { countNonFinite, nearestIndex } from './series';
import { ShiftLines } from './ShiftLines';

const TEST_ID = 'chart-action';
const AGENT = OKABE_ITO.blue;
const EXPERT = OKABE_ITO.vermillion;

const LEGEND: LegendItem[] = [
  { label: 'agent mean', color: AGENT },
  { label: 'agent ±2σ', color: AGENT, kind: 'band' },
  { label: 'expert (LQR)', color: EXPERT, kind: 'dashed' },
  { label: 'shift', color: OKABE_ITO.black, kind: 'dashed' },
];

/** The agent's predictive action (mean, ±2σ band) against the expert's, over recent ticks. */
export function ActionChart() {
  const actions = useFrameSelector((s) => s.histories.actions);
  const shifts = useFrameSelector((s) => s.histories.shifts);
  const { tick, mean, std, expert } = actions;

  const skipped = countNonFinite(mean, std, expert);
  const points = mean.reduce((n, m) => n + (Number.isFinite(m) ? 1 : 0), 0);
  const lo = tick.length > 0 ? tick[0] : 0;
  const hi = tick.length > 0 ? Math.max(tick[tick.length - 1], lo + 1) : 1;

  // Vertical extent: the actuator range ±1, widened to the data, never beyond ±3.
  let yMin = -1;
  let yMax = 1;
  for (let i = 0; i < tick.length; i++) {
    const band = 2 * (Number.isFinite(std[i]) ? std[i] : 0);
    if (Number.isFinite(mean[i])) {
      yMin = Math.min(yMin, mean[i] - band);
      yMax = Math.max(yMax, mean[i] + band);
    }
    if (Number.isFinite(expert[i])) {
      yMin = Math.min(yMin, expert[i]);
      yMax = Math.max(yMax, expert[i]);
    }
  }

  const plot = ({ width, height, pointer }: PlotContext) => {
    const x = scaleLinear().domain([lo, hi]).range([0, width]);
    const y = scaleLinear()
      .domain([Math.max(-3, yMin), Math.min(3, yMax)])
      .range([height, 0])
      .nice();
    const index = tick.map((_, i) => i);
    const finiteMean = (i: number) => Number.isFinite(mean[i]);

    const band = area<number>()
      .defined((i) => finiteMean(i) && Number.isFinite(std[i]))
      .x((i) => x(tick[i]))
      .y0((i) => y(mean[i] - 2 * std[i]))
      .y1((i) => y(mean[i] + 2 * std[i]))(index);
    const meanPath = line<number>()
      .defined(finiteMean)
      .x((i) => x(tick[i]))
      .y((i) => y(mean[i]))(index);
    const expertPath = line<number>()
      .defined((i) => Number.isFinite(expert[i]))
      .x((i) => x(tick[i]))
      .y((i) => y(expert[i]))(index);

    const k = pointer ? nearestIndex(tick, x.invert(pointer.x)) : -1;
    const svg = (
      <>
        <Axes
          width={width}
          height={height}
          xTicks={timeTicks(x, width)}
          yTicks={scaleTicks(y, 6)}
          xLabel="time (ticks)"
          yLabel="action (±1 = full force)"
        />
        <g clipPath={clipUrl(TEST_ID)}>
          <path d={band ?? undefined} fill={AGENT} opacity={0.25} />
          <path d={meanPath ?? undefined} fill="none" stroke={AGENT} strokeWidth={2.5} />
          <path
            d={expertPath ?? undefined}
            fill="none"
            stroke={EXPERT}
            strokeWidth={2}
            strokeDasharray="6 3"
          />
        </g>
        <ShiftLines markers={shifts} x={x} width={width} height={height} />
        {k >= 0 && (
          <g>
            <line className="hover-line" x1={x(tick[k])} x2={x(tick[k])} y2={height} />
            {finiteMean(k) && <circle cx={x(tick[k])} cy={y(mean[k])} r={5} fill={AGENT} />}
          </g>
        )}
      </>
    );

    const readout =
      k < 0
        ? null
        : `tick ${count(tick[k])}: agent ${fixed(mean[k], 3)} ± ${fixed(2 * std[k], 3)} (2σ), ` +
          `expert ${fixed(expert[k], 3)}, error ${fixed(mean[k] - expert[k], 3)}`;
    return { svg, readout };
  };

  return (
    <ChartFrame
      testId={TEST_ID}
      title="Action: agent vs expert"
      caption={`The agent's predicted action (mean and ±2σ predictive band) against the expert's, last ${tick.length} ticks.`}
      legend={LEGEND}
      points={points}
      skipped={skipped}
      plot={plot}
    />
  );
}
