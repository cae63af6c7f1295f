/**
 * Architecture of the decision transformer (METHOD §6) and the names of its linear layers.
 * Tokens per step: return-to-go, observation, action. A context of K steps ends with the
 * newest observation token, so it holds T = 3K − 1 tokens; the action is read from each
 * observation token through a linear head.
 */
export interface ModelConfig {
  /** Context length in steps. */
  contextSteps: number;
  /** Embedding width d. */
  dModel: number;
  /** Number of pre-LN transformer blocks. */
  layers: number;
  /** Attention heads per block. */
  heads: number;
  /** Observation size (cart-pole state: 4). */
  obsDim: number;
  /** Episode horizon H: return-to-go is divided by it; timestep table has H rows. */
  horizon: number;
  /** LayerNorm epsilon. */
  lnEps: number;
}

export const DEFAULT_CONFIG: Readonly<ModelConfig> = Object.freeze({
  contextSteps: 5,
  dModel: 32,
  layers: 2,
  heads: 2,
  obsDim: 4,
  horizon: 200,
  lnEps: 1e-5,
});

/** Tokens in a full context: K steps of (R, o, a) minus the newest, unknown action. */
export function tokenCount(cfg: ModelConfig): number {
  return 3 * cfg.contextSteps - 1;
}

/** Position of the observation token within a step's (R, o, a) triple. */
export const OBS_SLOT = 1;

/** Index of the observation token of context step k (0 = oldest). */
export function obsTokenIndex(k: number): number {
  return 3 * k + OBS_SLOT;
}

/** Short labels of the tokens of a full context, e.g. R1 o1 a1 … R10 o10. */
export function tokenLabels(cfg: ModelConfig): string[] {
  const labels: string[] = [];
  for (let k = 0; k < cfg.contextSteps; k++) {
    labels.push(`R${k + 1}`, `o${k + 1}`);
    if (k < cfg.contextSteps - 1) labels.push(`a${k + 1}`);
  }
  return labels;
}

/** The linear sublayers of one block, in forward order. */
export const BLOCK_LINEARS = ['attn.q', 'attn.k', 'attn.v', 'attn.o', 'fc1', 'fc2'] as const;

/** Names of every linear layer that can be made Bayesian, e.g. 'block2.fc2', 'head'. */
export function linearLayerNames(cfg: ModelConfig): string[] {
  const names: string[] = [];
  for (let l = 0; l < cfg.layers; l++) {
    for (const s of BLOCK_LINEARS) names.push(`block${l + 1}.${s}`);
  }
  names.push('head');
  return names;
}
