/**
 * Colours: the Okabe–Ito palette, distinguishable with the common colour-vision deficiencies
 * and dark enough to read on a white projector screen (its yellow is left out for that reason).
 */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  green: '#009E73',
  blue: '#0072B2',
  vermillion: '#D55E00',
  purple: '#CC79A7',
} as const;

/** Series colours in the order they are handed out. */
export const SERIES_COLORS: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.vermillion,
  OKABE_ITO.green,
  OKABE_ITO.purple,
  OKABE_ITO.orange,
  OKABE_ITO.skyBlue,
  OKABE_ITO.black,
];

/** Fixed colours of the learners of METHOD §7, so a learner keeps its colour across runs. */
const LEARNER_COLORS: Record<string, string> = {
  kbt: OKABE_ITO.blue,
  frozen: OKABE_ITO.vermillion,
  sgd: OKABE_ITO.orange,
  bll: OKABE_ITO.green,
};

/** The colour of the `index`-th series. */
export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length];
}

/** A learner's colour: fixed for the known learners, otherwise by position among `names`. */
export function learnerColor(name: string, names: readonly string[]): string {
  const fixed = LEARNER_COLORS[name.toLowerCase()];
  if (fixed) return fixed;
  const free = SERIES_COLORS.filter((c) => !Object.values(LEARNER_COLORS).includes(c));
  const unknown = names.filter((n) => !LEARNER_COLORS[n.toLowerCase()]);
  return free[Math.max(0, unknown.indexOf(name)) % free.length];
}
