/**
 * A growing episode record from which the decision transformer's context windows are cut:
 * per step the return-to-go, observation, action and timestep.
 */
import type { StepWindow } from '../model/context';
import type { State } from '../world/params';

export class Trajectory {
  readonly rtg: number[] = [];
  readonly obs: State[] = [];
  readonly act: number[] = [];
  readonly time: number[] = [];

  /** Record a new observation at timestep t with the return-to-go still wanted. */
  observe(obs: Readonly<State>, rtg: number, t: number): void {
    this.obs.push([obs[0], obs[1], obs[2], obs[3]]);
    this.rtg.push(rtg);
    this.time.push(t);
    this.act.push(0);
  }

  /** Record the action taken at the newest observation. */
  act_(action: number): void {
    this.act[this.act.length - 1] = action;
  }

  /** Number of recorded steps. */
  get length(): number {
    return this.obs.length;
  }

  /** The context of the last k steps ending at step `end` (inclusive; default newest). */
  window(k: number, end = this.obs.length - 1): StepWindow {
    const from = Math.max(0, end - k + 1);
    return {
      rtg: this.rtg.slice(from, end + 1),
      obs: this.obs.slice(from, end + 1),
      act: this.act.slice(from, end + 1),
      time: this.time.slice(from, end + 1),
    };
  }
}
