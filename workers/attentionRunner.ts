/**
 * The worker side of the attention panel: starts, slices and cancels the Monte Carlo job on
 * the agent's current context, and answers closed-form requests. The worker loop calls
 * {@link AttentionRunner.slice} once per loop turn, so the session keeps ticking.
 */
import type { AttentionCommand, AttentionMode } from '../src/messages/attention';
import type { WorkerMessage } from '../src/protocol';
import {
  AttentionMcJob,
  closedAttention,
  type AttentionJobInput,
} from '../src/session/attentionMc';
import type { Session } from '../src/session/session';

/** Progress messages at most this often, ms. */
const PROGRESS_MS = 50;
/**
 * Time the job may take per loop turn, ms: while the session runs, as long as the turn's ticks
 * took (half the worker's time) within these bounds; while it is paused, the longest.
 */
const SLICE_MS = { min: 10, max: 40 };

/** What the job needs from the session right now (the window is a copy). */
function jobInput(s: Session): AttentionJobInput | null {
  const window = s.agentWindow();
  if (window.obs.length === 0) return null;
  return {
    params: s.model.params,
    cfg: s.model.cfg,
    stats: s.model.stats,
    post: s.kbt.posterior,
    window,
    obsNoiseStd: s.world.sensorNoise,
    obsNoise: s.settings.obsNoise,
    tick: s.tick,
  };
}

/** Sanitize the order and score mode of a command. */
function modeOf(cmd: Partial<AttentionMode>): AttentionMode {
  return { order: cmd.order === 1 ? 1 : 2, scores: cmd.scores === 'row' ? 'row' : 'diagonal' };
}

export class AttentionRunner {
  private job: AttentionMcJob | null = null;
  /** The panel's number of the running job (undefined for commands without one). */
  private run: number | undefined;
  private lastProgress = 0;

  constructor(private readonly post: (msg: WorkerMessage) => void) {}

  /** Handle one attention command; warnings go to the session's list. */
  async handle(cmd: AttentionCommand, s: Session): Promise<void> {
    if (cmd.type === 'attention-cancel') {
      this.cancel();
      return;
    }
    const input = jobInput(s);
    if (!input) {
      const reason = 'the agent has no context yet: press play or step first';
      s.warnings.push(`[attention] ${reason}`);
      // The panel's bar shows a run from its click on: end it, or it would wait forever.
      if (cmd.type === 'attention-mc') {
        const total = cmd.samples;
        this.post({ type: 'attention-cancelled', done: 0, total, run: cmd.run, reason });
      }
      return;
    }
    if (cmd.type === 'attention-closed') {
      this.post({ type: 'attention-result', report: await closedAttention(input, modeOf(cmd)) });
      return;
    }
    this.cancel();
    this.job = await AttentionMcJob.start(input, { ...modeOf(cmd), samples: cmd.samples });
    this.run = Number.isFinite(cmd.run) ? cmd.run : undefined;
    this.post({ type: 'attention-progress', done: 0, total: this.job.total, run: this.run });
  }

  /**
   * Stop a running job, if any, and say so; `reason` tells the panel why when the session's
   * context changed under the job (reset, new learner settings).
   */
  cancel(reason?: string): void {
    if (!this.job) return;
    const { done, total } = this.job;
    this.job.dispose();
    this.job = null;
    this.post({ type: 'attention-cancelled', done, total, run: this.run, reason });
  }

  /** Is a Monte Carlo job running? */
  get active(): boolean {
    return this.job !== null;
  }

  /**
   * Advance a running job by one slice; post progress, and the report when finished.
   * `tickMs` is the time the session's ticks took in this loop turn (null when paused).
   */
  async slice(tickMs: number | null): Promise<void> {
    const job = this.job;
    if (!job) return;
    try {
      const share = tickMs === null ? SLICE_MS.max : tickMs;
      await job.slice(Math.min(SLICE_MS.max, Math.max(SLICE_MS.min, share)));
    } catch (e) {
      this.cancel();
      this.post({ type: 'error', message: `[attention] Monte Carlo stopped: ${String(e)}` });
      return;
    }
    const now = performance.now();
    if (job.finished || now - this.lastProgress >= PROGRESS_MS) {
      this.lastProgress = now;
      this.post({ type: 'attention-progress', done: job.done, total: job.total, run: this.run });
    }
    if (!job.finished) return;
    this.post({ type: 'attention-result', report: job.report(), run: this.run });
    job.dispose();
    this.job = null;
  }
}
