/** Read the shipped weights from disk for command-line tools and tests. */
import { readFileSync } from 'node:fs';
import { decodeWeights, paramsFromFile } from '../model/weightsFile';
import type { PretrainedModel } from '../session/session';

export const WEIGHTS_PATH = 'public/weights/dt-cartpole.json';

/** The pretrained model from `path` (default: the shipped weights). */
export function loadPretrained(path = WEIGHTS_PATH): PretrainedModel {
  const file = decodeWeights(readFileSync(path, 'utf8'));
  return { params: paramsFromFile(file), cfg: file.config, stats: file.stats };
}
