import { describe, expect, it } from 'vitest';
import { errorLabel, isFlagged } from './errorText';

describe('table error labels', () => {
  it('counts standard errors for a real error', () => {
    expect(errorLabel(0.02, 0.01)).toBe('+2.0 SE');
    expect(errorLabel(-0.05, 0.01)).toBe('-5.0 SE');
    expect(isFlagged(-0.05, 0.01)).toBe(true);
    // Seen with a loaded Σ = 1e6·I: 98,636,509.0 SE wrapped over two lines.
    expect(errorLabel(159370, 1.6e-3)).toBe('+1.0e+8 SE');
  });

  it('a point mass (Σ = 0): float32 rounding reads "rounding", not millions of SE', () => {
    // Seen in the lab with every variance 0 and logits ±8: error 2e-8, MC SE 3.8e-15.
    expect(errorLabel(-2e-8, 3.8e-15)).toBe('rounding');
    expect(errorLabel(1.5e-25, 2.1e-27)).toBe('rounding');
    expect(isFlagged(-2e-8, 3.8e-15)).toBe(false);
  });

  it('a real error with zero SE is infinitely many SE, a non-number is a dash', () => {
    expect(errorLabel(0.1, 0)).toBe('∞ SE');
    expect(errorLabel(Number.NaN, 0.1)).toBe('—');
  });
});
