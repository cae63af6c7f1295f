import { describe, expect, it } from 'vitest';
import {
  LOG_STEPS,
  SPEED_MAX_POSITION,
  SPEED_UNLIMITED,
  checkNumber,
  logPosition,
  logValue,
  positionFromSpeed,
  speedFromPosition,
} from '../../components/inputs';

describe('checkNumber', () => {
  it('uses a number in range as typed', () => {
    expect(checkNumber(' 2.5 ', 0, 5, 1)).toEqual({ value: 2.5, message: null });
  });

  it('keeps the previous value for text that is not a number, and says so', () => {
    const checked = checkNumber('abc', 0, 5, 1);
    expect(checked.value).toBe(1);
    expect(checked.message).toMatch(/not a number/);
    expect(checkNumber('', 0, 5, 3).value).toBe(3);
    expect(checkNumber('Infinity', 0, 5, 3).value).toBe(3);
  });

  it('clamps out-of-range values to the nearest end, and says so', () => {
    expect(checkNumber('99', 0, 5, 1)).toEqual({
      value: 5,
      message: '99 is above the maximum; using 5',
    });
    expect(checkNumber('-3', 0, 5, 1).value).toBe(0);
  });

  it('rounds when an integer is required', () => {
    expect(checkNumber('4.6', 0, 10, 1, true)).toEqual({ value: 5, message: 'rounded to 5' });
  });
});

describe('log slider mapping', () => {
  it('spans lo..hi at the ends', () => {
    expect(logValue(0, 1e-4, 1)).toBeCloseTo(1e-4, 12);
    expect(logValue(LOG_STEPS, 1e-4, 1)).toBeCloseTo(1, 12);
  });

  it('maps position 0 to exactly 0 when zero is allowed', () => {
    expect(logValue(0, 1e-8, 1e-2, true)).toBe(0);
    expect(logValue(1, 1e-8, 1e-2, true)).toBeCloseTo(1e-8, 15);
    expect(logPosition(0, 1e-8, 1e-2, true)).toBe(0);
  });

  it('inverts within one slider step', () => {
    for (const p of [0, 1, 137, 500, 999, LOG_STEPS]) {
      expect(Math.abs(logPosition(logValue(p, 1e-6, 1), 1e-6, 1) - p)).toBeLessThanOrEqual(1);
    }
  });
});

describe('speed slider mapping', () => {
  it('runs from 1 to 500 ticks per second, its last position meaning max', () => {
    expect(speedFromPosition(0)).toBe(1);
    expect(speedFromPosition(SPEED_MAX_POSITION - 1)).toBe(500);
    expect(speedFromPosition(SPEED_MAX_POSITION)).toBe(SPEED_UNLIMITED);
  });

  it('inverts exactly at every position', () => {
    for (let p = 0; p <= SPEED_MAX_POSITION; p++) {
      expect(positionFromSpeed(speedFromPosition(p))).toBe(p);
    }
  });
});
