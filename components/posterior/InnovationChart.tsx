import { memo } from 'react';
import { area, line, scaleLinear } from 'd3';
import { useSampled } from './useSampled';
import { count, fixed } from '../format';
import { Axes, scaleTicks, timeTicks } from '../charts/Axes';
import { ChartFrame, clipUrl, type PlotContext } from '../charts/ChartFrame';
import type { LegendItem } from '../charts/Legend';
import { OKABE_ITO } from '../charts/palette';
import { countNonFinite, nearestIndex, timeDomain } from '../charts/series';
import { ShiftLines } from '../charts/ShiftLines';
import { thinIndex } from './thin';

const TEST_ID = 'chart-innovation';

/** KBT's innovation y − ŷ per demonstrated sample with its predicted ±2√S band. */
export const InnovationChart = memo(function InnovationChart() {
  const h = useSampled((s) => s.histories.inspect.innovation);
  const shifts = useSampled((s) => s.histories.shifts);
  const tick = useSampled((s) => s.snapshot?.tick ?? 0);
  const skipped = countNonFinite(h.innovation, h.S);
  const points = h.tick.length - skipped;

  let top = 0.1;
  for (let i = 0; i < h.tick.length; i++) {
    const a = Math.max(Math.abs(h.innovation[i]), 2 * Math.sqrt(h.S[i]));
    if (Number.isFinite(a)) top = Math.max(top, a);
  }

  const legend: LegendItem[] = [
    { label: 'innovation e = y − ŷ', color: OKABE_ITO.blue },
    { label: '±2√S (predicted)', color: OKABE_ITO.skyBlue, kind: 'band' },
    { label: 'shift', color: OKABE_ITO.black, kind: 'dashed' },
  ];

  const plot = ({ width, height, pointer }: PlotContext) => {
    const x = scaleLinear().domain(timeDomain(tick)).range([0, width]);
    const y = scaleLinear().domain([-top, top]).range([height, 0]).nice();
    const idx = thinIndex(h.tick.length, width).filter((i) =>
      Number.isFinite(h.innovation[i] + h.S[i]),
    );
    const band = area<number>()
      .x((i) => x(h.tick[i]))
      .y0((i) => y(-2 * Math.sqrt(h.S[i])))
      .y1((i) => y(2 * Math.sqrt(h.S[i])))(idx);
    const path = line<number>()
      .x((i) => x(h.tick[i]))
      .y((i) => y(h.innovation[i]))(idx);
    const k = pointer ? nearestIndex(h.tick, x.invert(pointer.x)) : -1;

    const svg = (
      <>
        <Axes
          width={width}
          height={height}
          xTicks={timeTicks(x, width)}
          yTicks={scaleTicks(y, 6)}
          xLabel="time (ticks = world steps)"
          yLabel="e (action units)"
        />
        <line className="reference" x1={0} x2={width} y1={y(0)} y2={y(0)} />
        <ShiftLines markers={shifts} x={x} width={width} height={height} />
        <g clipPath={clipUrl(TEST_ID)}>
          <path d={band ?? undefined} fill={OKABE_ITO.skyBlue} opacity={0.3} />
          <path d={path ?? undefined} fill="none" stroke={OKABE_ITO.blue} strokeWidth={1.5} />
          {k >= 0 && (
            <circle cx={x(h.tick[k])} cy={y(h.innovation[k])} r={4.5} fill={OKABE_ITO.blue} />
          )}
        </g>
        {pointer && <line className="hover-line" x1={pointer.x} x2={pointer.x} y2={height} />}
      </>
    );
    const readout = !pointer
      ? null
      : k < 0
        ? 'no updates yet'
        : `tick ${count(h.tick[k])}: e = ${fixed(h.innovation[k], 4)}, 2√S = ${fixed(2 * Math.sqrt(h.S[k]), 4)}, NIS = ${fixed(h.nis[k], 3)}`;
    return { svg, readout };
  };

  return (
    <ChartFrame
      testId={TEST_ID}
      title="Innovation"
      caption="Expert action minus KBT's predicted action for each sample before learning from it; the band is the filter's own ±2√S, S = v_y + R."
      legend={legend}
      points={points}
      skipped={skipped}
      plot={plot}
    />
  );
});
