import { useEffect, useRef } from 'react';
import { labStore } from '../../src/store/store';
import { Legend, type LegendItem } from '../charts/Legend';
import { Counters } from '../Counters';
import { OKABE_ITO } from '../charts/palette';
import { drawWorld } from './drawWorld';

const LEGEND: LegendItem[] = [
  { label: 'agent action (mean)', color: OKABE_ITO.blue },
  { label: 'agent ±2σ', color: OKABE_ITO.blue, kind: 'band' },
  { label: 'expert action', color: OKABE_ITO.vermillion },
];

/**
 * The cart-pole animation. Draws straight from the store onto a canvas, at most once per
 * animation frame and always with the newest snapshot; React does not re-render it.
 */
export function WorldView() {
  const canvasRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) return;
    let frame = 0;

    const draw = () => {
      frame = 0;
      const width = canvas.clientWidth;
      const height = canvas.clientHeight;
      const ratio = window.devicePixelRatio || 1;
      if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
      if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      const snapshot = labStore.getState().snapshot;
      drawWorld(ctx, width, height, snapshot);
      canvas.dataset.tick = String(snapshot?.tick ?? '');
      canvas.dataset.failed = String(snapshot?.world.failed ?? false);
    };
    const schedule = () => {
      if (frame === 0) frame = requestAnimationFrame(draw);
    };

    let lastSnapshot = labStore.getState().snapshot;
    const unsubscribe = labStore.subscribe((state) => {
      if (state.snapshot !== lastSnapshot) {
        lastSnapshot = state.snapshot;
        schedule();
      }
    });
    const observer = new ResizeObserver(schedule);
    observer.observe(canvas);
    schedule();
    return () => {
      unsubscribe();
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, []);

  return (
    <section className="panel world">
      <h2>World</h2>
      <canvas
        ref={canvasRef}
        className="world-canvas"
        data-testid="world-canvas"
        aria-label="Cart-pole animation with the agent's and the expert's actions"
      />
      <Legend items={LEGEND} />
      <Counters />
    </section>
  );
}
