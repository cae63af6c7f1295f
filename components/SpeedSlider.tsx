import { useState } from 'react';
import { labStore } from '../src/store/store';
import { useFrameSelector } from './hooks/useFrameSelector';
import { SPEED_MAX, SPEED_MAX_POSITION, positionFromSpeed, speedFromPosition } from './inputs';

/** Ticks per second as text: a number, or "max" above the paced range. */
function speedLabel(ticksPerSecond: number): string {
  return ticksPerSecond <= SPEED_MAX ? `${ticksPerSecond} ticks/s` : 'max';
}

/** The run's speed: a log slider from 1 to 500 ticks per second, its last stop "max". */
export function SpeedSlider() {
  const remote = useFrameSelector((s) => s.snapshot?.ticksPerSecond ?? 60);

  // Follow the worker's speed, except while the user's own choice is newer.
  const [synced, setSynced] = useState(remote);
  const [position, setPosition] = useState(() => positionFromSpeed(remote));
  if (remote !== synced) {
    setSynced(remote);
    setPosition(positionFromSpeed(remote));
  }
  const speed = speedFromPosition(position);

  return (
    <label className="speed row">
      speed
      <input
        type="range"
        data-testid="speed"
        min={0}
        max={SPEED_MAX_POSITION}
        step={1}
        value={position}
        aria-valuetext={speedLabel(speed)}
        onChange={(e) => {
          const next = Number(e.target.value);
          setPosition(next);
          labStore.getState().send({ type: 'speed', ticksPerSecond: speedFromPosition(next) });
        }}
      />
      <output className="value">{speedLabel(speed)}</output>
    </label>
  );
}
