/**
 * The session worker: owns one session, speaks the typed protocol (src/protocol.ts), runs
 * ticks at the requested pace, throttles snapshots to 30 per second, and reports every
 * error instead of dying silently.
 */
import * as tf from '@tensorflow/tfjs-core';
// Gradients for the SGD learner (tfjs-core alone registers none).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { BROWSER_BACKENDS, backendPrecision, trySetBackend } from '../src/backend/browserBackends';
import { decodeWeights, paramsFromFile, type WeightsFile } from '../src/model/weightsFile';
import { linearLayerNames, tokenLabels } from '../src/model/config';
import { Session } from '../src/session/session';
import { defaultSessionOptions } from '../src/session/defaults';
import { validateSettings } from '../src/session/settings';
import type { BackendChoice, BackendInfo, Command, Snapshot, WorkerMessage } from '../src/protocol';
import { AttentionRunner } from './attentionRunner';
import { PosteriorInspector, inspect } from '../src/session/inspector';
import type { InspectCommand } from '../src/messages/inspect';

const post = (msg: WorkerMessage) => (self as unknown as Worker).postMessage(msg);
const fail = (e: unknown) =>
  post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
self.addEventListener('error', (e) => fail((e as ErrorEvent).message));
self.addEventListener('unhandledrejection', (e) => fail((e as PromiseRejectionEvent).reason));

const SNAPSHOT_MS = 1000 / 30;
let file: WeightsFile | null = null;
let session: Session | null = null;
let running = false;
let ticksPerSecond = 60;
let lastSnapshot = 0;
let backend: BackendInfo = {
  name: 'none',
  precision: 32,
  updatesPerSec: 0,
  updateMs: 0,
  measured: {},
};
const rate = { count: 0, since: performance.now() };
/** The inspector's needs, its reader (rebuilt with each session) and when it last read. */
let inspectState: InspectCommand = { type: 'inspect', visible: false, pinned: [] };
let inspector: { session: Session; reader: PosteriorInspector } | null = null;
let lastInspect = 0;
/** Inspector reads per second while its tab shows, and while it is hidden (traces only). */
const INSPECT_MS = { visible: 250, hidden: 2000 };
const queue: Command[] = [];
const attention = new AttentionRunner(post);
let busy = false;

/** Build a session on the active backend (parameters are created there). */
function buildSession(seed: number): Session {
  const old = session;
  const opts = defaultSessionOptions(seed);
  if (old) opts.settings = old.settings;
  if (old) opts.learners = old.learnerSpecs;
  old?.dispose();
  if (old) tf.dispose(Object.values(old.model.params));
  const cfg = file!.config;
  return new Session({ params: paramsFromFile(file!), cfg, stats: file!.stats }, opts);
}

/** Time a few KBT updates on the active backend (not whole ticks), ms per update. */
async function timeUpdates(): Promise<number> {
  const s = buildSession(1);
  session = s;
  await s.step({ agent: false });
  const [ms0, n0] = [s.updateMsTotal, s.updates];
  for (let i = 0; i < 3; i++) await s.step({ agent: false });
  return (s.updateMsTotal - ms0) / (s.updates - n0);
}

/** Switch backend: 'auto' measures every available one and keeps the fastest. */
async function chooseBackend(choice: BackendChoice): Promise<void> {
  const seed = session?.seed ?? 1;
  const measured: Record<string, number> = {};
  const candidates = choice === 'auto' ? [...BROWSER_BACKENDS] : [choice];
  for (const name of candidates) {
    post({ type: 'status', message: `measuring ${name}…` });
    if (!(await trySetBackend(name))) continue;
    try {
      measured[name] = await timeUpdates();
    } catch (e) {
      post({ type: 'status', message: `${name} failed: ${(e as Error).message}` });
    }
  }
  const names = Object.keys(measured);
  if (names.length === 0) {
    await trySetBackend('cpu');
    measured.cpu = await timeUpdates();
    names.push('cpu');
  }
  const best = names.reduce((a, b) => (measured[a] <= measured[b] ? a : b));
  if (tf.getBackend() !== best) await trySetBackend(best);
  session = buildSession(seed);
  backend = {
    name: tf.getBackend(),
    precision: backendPrecision(),
    updatesPerSec: 0,
    updateMs: measured[best],
    measured,
  };
}

function snapshot(): Snapshot {
  const s = session!;
  const cfg = s.model.cfg;
  const env = s.agent;
  return {
    tick: s.tick,
    episode: s.episode,
    episodeStep: env.t,
    samplesSeen: s.samplesSeen,
    updates: s.updates,
    rejected: s.rejected,
    running,
    ticksPerSecond,
    seed: s.seed,
    backend,
    world: {
      state: [...env.state] as Snapshot['world']['state'],
      force: s.lastForce,
      params: { ...env.params },
      failed: env.failed,
    },
    action: { ...s.lastAction },
    settings: s.settings,
    bayesianLayers: s.settings.layers,
    allLayers: linearLayerNames(cfg),
    attention: null,
    fresh: s.drain(),
    learners: s.learnerSpecs,
    learnerStats: s.learnerStats(),
    warnings: s.warnings.splice(0),
  };
}

async function sendSnapshot(): Promise<void> {
  const s = session!;
  const snap = snapshot();
  const cfg = s.model.cfg;
  if (s.lastAttention) {
    snap.attention = {
      layers: cfg.layers,
      heads: cfg.heads,
      tokens: tokenLabels(cfg).length,
      labels: tokenLabels(cfg),
      weights: Array.from(s.lastAttention),
    };
  }
  s.attentionWanted = true;
  const now = performance.now();
  if (now - rate.since > 1000) {
    backend.updatesPerSec = (rate.count * 1000) / (now - rate.since);
    rate.count = 0;
    rate.since = now;
  }
  backend.updateMs = s.updates > 0 ? s.updateMsTotal / s.updates : backend.updateMs;
  if (now - lastInspect >= INSPECT_MS[inspectState.visible ? 'visible' : 'hidden']) {
    lastInspect = now;
    await addInspection(snap, s);
  }
  lastSnapshot = now;
  post({ type: 'snapshot', snapshot: snap });
}

/** Adds the posterior inspector's heat maps, pinned weights and information to a snapshot. */
async function addInspection(snap: Snapshot, s: Session): Promise<void> {
  if (inspector?.session !== s) {
    inspector?.reader.dispose();
    inspector = { session: s, reader: new PosteriorInspector(s.model.params) };
  }
  s.kbt.collectInfo = true;
  const found = await inspect(s, inspector.reader, inspectState.pinned, inspectState.visible);
  snap.posterior = found.posterior;
  snap.fresh.pinned = found.pinned;
  snap.fresh.info = found.info;
}

async function handle(cmd: Command): Promise<void> {
  const s = session!;
  switch (cmd.type) {
    case 'play':
      running = true;
      break;
    case 'pause':
      running = false;
      break;
    case 'step': {
      const n = Math.max(1, Math.min(1000, Math.floor(Number(cmd.ticks ?? 1)) || 1));
      for (let i = 0; i < n; i++) await s.step();
      rate.count += n;
      break;
    }
    case 'reset': {
      const seed = Number.isFinite(cmd.seed) ? Math.floor(cmd.seed as number) : s.seed;
      if (cmd.seed !== undefined && !Number.isFinite(cmd.seed))
        s.warnings.push('[reset] seed must be a number; kept the old one');
      attention.cancel('the session was reset, so its context is gone');
      s.reset(seed);
      break;
    }
    case 'speed': {
      const v = Number(cmd.ticksPerSecond);
      if (!Number.isFinite(v) || v <= 0)
        s.warnings.push('[speed] ticks per second must be positive; unchanged');
      else ticksPerSecond = Math.min(v, 10_000);
      break;
    }
    case 'shift':
      s.injectShift(cmd.change, cmd.schedule, String(cmd.label || 'shift'));
      break;
    case 'learner': {
      const { settings, warnings } = validateSettings(
        cmd.settings,
        s.settings,
        linearLayerNames(s.model.cfg),
      );
      s.warnings.push(...warnings);
      attention.cancel('the learner settings changed the posterior');
      s.configure(settings);
      break;
    }
    case 'attention-mc':
    case 'attention-closed':
    case 'attention-cancel':
      await attention.handle(cmd, s);
      break;
    case 'learners': {
      attention.cancel('the learners changed');
      const error = s.setLearners(cmd.specs);
      if (error) s.warnings.push(`[learners] ${error}; the learners did not change`);
      break;
    }
    case 'backend':
      attention.cancel('the backend changed');
      running = false;
      await chooseBackend(cmd.choice);
      session!.warnings.push('[backend] switching backend restarted the session from the prior');
      post({ type: 'status', message: `ready on ${backend.name}` });
      break;
    case 'inspect':
      inspectState = {
        type: 'inspect',
        visible: Boolean(cmd.visible),
        pinned: Array.isArray(cmd.pinned) ? cmd.pinned : [],
      };
      lastInspect = 0;
      break;
    default:
      s.warnings.push(`[worker] unknown command ${(cmd as { type: string }).type}`);
  }
}

/** The loop: drain commands, run ticks for one slice at the requested pace, snapshot. */
async function loop(): Promise<void> {
  if (busy) return;
  busy = true;
  const loopStart = performance.now();
  try {
    while (queue.length > 0) await handle(queue.shift()!);
    if (running && session) {
      const sliceStart = performance.now();
      const budget = Math.max(1, Math.round(ticksPerSecond / 60));
      for (let i = 0; i < budget && performance.now() - sliceStart < 30; i++) {
        await session.step();
        rate.count++;
      }
    }
    if (session) await attention.slice(running ? performance.now() - loopStart : null);
    if (session && performance.now() - lastSnapshot >= SNAPSHOT_MS) await sendSnapshot();
  } catch (e) {
    running = false;
    fail(e);
  } finally {
    busy = false;
  }
  // Pace: one slice per display frame; no pause at very high speeds or when the slice used
  // its whole compute budget (the worker is the bottleneck, not the requested rate).
  const busyFor = performance.now() - loopStart;
  const delay =
    !running && !attention.active
      ? 50
      : !running
        ? 0
        : ticksPerSecond >= 1000 || busyFor >= 16
          ? 0
          : 1000 / 60 - busyFor;
  setTimeout(loop, delay);
}

self.addEventListener('message', (e: MessageEvent<Command>) => {
  queue.push(e.data);
});

async function start(): Promise<void> {
  post({ type: 'status', message: 'loading weights…' });
  const res = await fetch(`${import.meta.env.BASE_URL}weights/dt-cartpole.json`);
  if (!res.ok) throw new Error(`could not load the pretrained weights (HTTP ${res.status})`);
  file = decodeWeights(await res.text());
  // A backend command sent before start-up finished (e.g. from ?backend= in the page URL)
  // replaces the initial 'auto' measurement.
  const early = queue.findIndex((c) => c.type === 'backend');
  const choice =
    early >= 0 ? (queue.splice(early, 1)[0] as { choice: BackendChoice }).choice : 'auto';
  await chooseBackend(['auto', 'webgl', 'wasm', 'cpu'].includes(choice) ? choice : 'auto');
  post({ type: 'status', message: 'ready' });
  await sendSnapshot();
  void loop();
}

start().catch(fail);
