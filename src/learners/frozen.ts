/** The frozen learner: the pretrained decision transformer, never updated. */
import type { ModelConfig } from '../model/config';
import type { DataStats, StepWindow } from '../model/context';
import type { ModelParams } from '../model/params';
import { deterministicPolicy } from '../agent/deterministicPolicy';
import type { Learner, Prediction, UpdateInfo } from './learner';

export class FrozenLearner implements Learner {
  readonly id = 'frozen';
  readonly bayesian = false;
  private readonly policy;

  constructor(params: ModelParams, cfg: ModelConfig, stats: DataStats) {
    this.policy = deterministicPolicy(params, cfg, stats);
  }

  async predict(windows: StepWindow[]): Promise<Prediction> {
    const mean = await this.policy(windows);
    return { mean, variance: mean.map(() => 0) };
  }

  act(windows: StepWindow[]): Promise<number[]> {
    return this.policy(windows);
  }

  /** A frozen learner learns nothing; it skips even the prediction (mean reported as NaN). */
  async observe(): Promise<UpdateInfo> {
    return { mean: Number.NaN, variance: 0, rejected: 0, ms: 0 };
  }

  async shrinkage() {
    return [];
  }

  bytes(): number {
    return 0;
  }

  reset(): void {}

  dispose(): void {}
}
