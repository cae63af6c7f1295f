/**
 * `npm run pretrain`: generate the offline nominal-world data, train the decision
 * transformer, evaluate it, and write public/weights/dt-cartpole.json with its manifest.
 * Options: --steps N --episodes N --seed S --out PATH --backend wasm|cpu.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { setupNodeTf } from './nodeTf';
import { DEFAULT_CONFIG } from '../model/config';
import { encodeWeights } from '../model/weightsFile';
import { DEFAULT_DATA_SPEC, generateOfflineData } from '../train/offlineData';
import { DEFAULT_PRETRAIN, pretrain } from '../train/pretrain';
import { FrozenLearner } from '../learners/frozen';
import { EvalRun } from '../session/evalRun';
import { NOMINAL } from '../world/params';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: String(DEFAULT_PRETRAIN.steps) },
    episodes: { type: 'string', default: String(DEFAULT_DATA_SPEC.episodes) },
    seed: { type: 'string', default: String(DEFAULT_PRETRAIN.seed) },
    out: { type: 'string', default: 'public/weights/dt-cartpole.json' },
    backend: { type: 'string', default: 'wasm' },
  },
});
const steps = Number(values.steps);
const episodes = Number(values.episodes);
const seed = Number(values.seed);
if (![steps, episodes, seed].every(Number.isFinite) || steps < 1 || episodes < 1) {
  console.error('pretrain: --steps, --episodes and --seed must be positive numbers');
  process.exit(2);
}

const backend = await setupNodeTf(values.backend);
const started = Date.now();
console.log(`[pretrain] backend ${backend}; generating ${episodes} nominal-world episodes`);
const spec = { ...DEFAULT_DATA_SPEC, episodes };
const data = generateOfflineData(NOMINAL, spec, seed);
const returns = data.map((e) => e.ret);
console.log(`[pretrain] mean return ${(returns.reduce((a, b) => a + b, 0) / episodes).toFixed(1)}`);

const cfg = DEFAULT_CONFIG;
const { params, stats, losses } = await pretrain(
  cfg,
  data,
  { ...DEFAULT_PRETRAIN, steps, seed },
  (s, l) => {
    if (s % 250 === 0) console.log(`[pretrain] step ${s} loss ${l.toExponential(3)}`);
  },
);

const run = new EvalRun(
  [new FrozenLearner(params, cfg, stats)],
  NOMINAL,
  cfg.contextSteps,
  100,
  1234,
  0,
);
while (!run.done) await run.step();
const [evalRes] = run.outcomes();
console.log(`[pretrain] nominal success ${(evalRes.success * 100).toFixed(0)}% of 100 episodes`);

const training = {
  createdAt: new Date().toISOString(),
  backend,
  seconds: Math.round((Date.now() - started) / 1000),
  data: { ...spec, seed, meanReturn: returns.reduce((a, b) => a + b, 0) / episodes },
  optimizer: {
    ...DEFAULT_PRETRAIN,
    steps,
    seed,
    algorithm: 'adam',
    loss: 'mse on every observation token',
  },
  finalLoss: losses[losses.length - 1],
  nominalSuccess: evalRes.success,
  command: `npm run pretrain -- --steps ${steps} --episodes ${episodes} --seed ${seed}`,
};
mkdirSync(dirname(values.out!), { recursive: true });
writeFileSync(values.out!, await encodeWeights(params, cfg, stats, training));
console.log(`[pretrain] wrote ${values.out} in ${training.seconds} s`);
