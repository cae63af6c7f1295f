// DEV ONLY, NEVER COMMIT: synthetic snapshots following the protocol, for UI work.
import type { Command, KbtSettings, Snapshot, WorkerMessage } from '../src/protocol';
import { NOMINAL, HORIZON, type State, type WorldParams } from '../src/world/params';
import { initialState, isFailed, stepWorld, actionToForce } from '../src/world/cartpole';
import { expertAction } from '../src/world/expert';
import { makeRng } from '../src/core/rng';

const ctx = self as unknown as Worker;
const post = (m: WorkerMessage) => ctx.postMessage(m);

let seed = 1;
let rng = makeRng(seed);
let params: WorldParams = { ...NOMINAL };
let state: State = initialState(params, rng);
let tick = 0;
let episode = 0;
let episodeStep = 0;
let failed = false;
let running = false;
let tps = 60;
let updates = 0;
let shiftTick = -1;
let settings: KbtSettings = {
  sigma0: 0.05,
  obsNoise: 0.01,
  processNoise: 0,
  layers: ['head', 'block2.fc2'],
  softmaxOrder: 1,
  covariance: 'full',
};
const allLayers = ['block1.attn.qkv', 'block1.fc1', 'block1.fc2', 'block2.fc2', 'head'];
let action = { mean: 0, std: 0.1, epistemicStd: 0.05, expert: 0 };
let fresh: Snapshot['fresh'] = { actions: [], evals: [], shrink: [], shifts: [] };
let warnings: string[] = [];

function resetAll(s: number) {
  seed = s;
  rng = makeRng(seed);
  params = { ...NOMINAL };
  state = initialState(params, rng);
  tick = episode = episodeStep = updates = 0;
  failed = false;
  shiftTick = -1;
  fresh = { actions: [], evals: [], shrink: [], shifts: [] };
  warnings = [];
}

let failHold = 0;
let sabotage = false;
function oneTick() {
  if (failed && failHold++ < 100) {
    tick++;
    return;
  }
  failHold = 0;
  if (failed || episodeStep >= HORIZON) {
    episode++;
    episodeStep = 0;
    failed = false;
    state = initialState(params, rng);
  }
  const expert = expertAction(state, params);
  const since = shiftTick < 0 ? 1e9 : tick - shiftTick;
  const bias = since < 3000 ? 1.5 * Math.exp(-since / 800) : 0;
  const std = 0.05 + 0.3 * Math.exp(-since / 600);
  const mean = tick === 77 ? NaN : sabotage ? 1 : expert + bias + 0.03 * rng.normal();
  action = { mean, std, epistemicStd: std * 0.6, expert };
  state = stepWorld(state, Number.isFinite(mean) ? mean : 0, params);
  failed = isFailed(state);
  fresh.actions.push({ tick, mean, std, expert });
  updates++;
  if (tick % 5 === 0) {
    for (const layer of settings.layers) {
      const ratio = 0.2 + 0.8 * Math.exp(-tick / (layer === 'head' ? 1500 : 4000));
      fresh.shrink.push({ tick, layer, ratio });
    }
  }
  if (tick % 300 === 0) {
    const frozen = since < 1e8 ? 0.1 + 0.1 * rng.uniform() : 0.95;
    const kbt = since < 1e8 ? Math.min(1, 0.2 + since / 2000) : 0.97;
    fresh.evals.push({ tick, learner: 'frozen', success: frozen, meanReturn: frozen * 200 });
    fresh.evals.push({ tick, learner: 'kbt', success: kbt, meanReturn: kbt * 200 });
    fresh.evals.push({ tick, learner: 'sgd', success: kbt * 0.8, meanReturn: kbt * 160 });
  }
  episodeStep++;
  tick++;
}

function attention() {
  const L = 2;
  const H = 2;
  const T = 30;
  const weights: number[] = [];
  for (let l = 0; l < L; l++)
    for (let h = 0; h < H; h++)
      for (let q = 0; q < T; q++) {
        const row: number[] = [];
        let sum = 0;
        for (let k = 0; k < T; k++) {
          const w = k <= q ? Math.exp(-Math.abs(q - k) / (2 + l + h) + 0.3 * Math.sin(tick / 50 + k)) : 0;
          row.push(w);
          sum += w;
        }
        for (const w of row) weights.push(w / sum);
      }
  const labels: string[] = [];
  for (let i = 1; i <= 10; i++) labels.push(`R${i}`, `o${i}`, `a${i}`);
  return { layers: L, heads: H, tokens: T, labels, weights };
}

function snapshot() {
  const snap: Snapshot = {
    tick,
    episode,
    episodeStep,
    samplesSeen: tick,
    updates,
    rejected: tick > 500 ? 2 : 0,
    running,
    ticksPerSecond: tps,
    seed,
    backend: { name: 'webgl', precision: 32, updatesPerSec: running ? tps : 0, updateMs: 3.2, measured: { webgl: 3.2, wasm: 4.1, cpu: 9.5 } },
    world: { state: [...state] as State, force: actionToForce(action.mean, params), params: { ...params }, failed },
    action,
    settings,
    bayesianLayers: settings.layers,
    allLayers,
    attention: attention(),
    fresh,
    warnings: [...warnings],
  };
  fresh = { actions: [], evals: [], shrink: [], shifts: [] };
  post({ type: 'snapshot', snapshot: snap });
}

let last = performance.now();
let debt = 0;
setInterval(() => {
  const now = performance.now();
  if (running) {
    debt += ((now - last) / 1000) * (Number.isFinite(tps) ? tps : 2000);
    let n = Math.floor(debt);
    debt -= n;
    while (n-- > 0) oneTick();
  }
  last = now;
  snapshot();
}, 33);

ctx.onmessage = (e: MessageEvent<Command>) => {
  const c = e.data;
  switch (c.type) {
    case 'play':
      running = true;
      break;
    case 'pause':
      running = false;
      break;
    case 'step':
      for (let i = 0; i < (c.ticks ?? 1); i++) oneTick();
      break;
    case 'reset':
      resetAll(c.seed ?? seed);
      break;
    case 'speed':
      tps = c.ticksPerSecond;
      break;
    case 'shift':
      params = { ...params, ...c.change };
      shiftTick = tick;
      sabotage = c.label.includes('Weak');
      fresh.shifts.push({ tick, label: c.label });
      warnings.push(`shift '${c.label}' (${c.schedule.kind})`);
      break;
    case 'learner':
      settings = { ...settings, ...c.settings };
      warnings.push('learner settings changed: posterior reset');
      break;
    case 'backend':
      post({ type: 'status', message: `backend → ${c.choice}` });
      break;
  }
};
post({ type: 'status', message: 'fake worker ready' });
