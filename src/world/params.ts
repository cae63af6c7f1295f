/**
 * Parameters of the cart-pole world (METHOD §5). Every field can be shifted.
 * Units: SI (m, kg, s, N, rad).
 */
export interface WorldParams {
  /** Gravity, m/s². */
  gravity: number;
  /** Cart mass, kg. */
  cartMass: number;
  /** Pole mass, kg. */
  poleMass: number;
  /** Half the pole length, m. */
  halfPoleLength: number;
  /** Cart damping b in F' = F − b ẋ, N·s/m. */
  damping: number;
  /** Actuator gain: F = gain · F_max · clip(a, −1, 1) + bias. */
  motorGain: number;
  /** Actuator bias, N. */
  motorBias: number;
  /** Sensor bias added to each observed state entry [x, ẋ, θ, θ̇]. */
  sensorBiasX: number;
  sensorBiasXDot: number;
  sensorBiasTheta: number;
  sensorBiasThetaDot: number;
  /** Standard deviation of the Gaussian sensor noise, same for each state entry. */
  sensorNoise: number;
  /** Initial state: each entry uniform in ±initRange. */
  initRange: number;
}

/** Fixed constants of the task. */
export const TAU = 0.02;
export const FORCE_MAX = 10;
export const HORIZON = 200;
export const THETA_LIMIT = 0.2094;
export const X_LIMIT = 2.4;

/** The nominal world the decision transformer was pretrained on. */
export const NOMINAL: Readonly<WorldParams> = Object.freeze({
  gravity: 9.8,
  cartMass: 1.0,
  poleMass: 0.1,
  halfPoleLength: 0.5,
  damping: 0,
  motorGain: 1,
  motorBias: 0,
  sensorBiasX: 0,
  sensorBiasXDot: 0,
  sensorBiasTheta: 0,
  sensorBiasThetaDot: 0,
  sensorNoise: 0,
  initRange: 0.05,
});

/** UI description of each parameter: label, unit and the slider's safe range. */
export interface ParamSpec {
  key: keyof WorldParams;
  label: string;
  unit: string;
  min: number;
  max: number;
  step: number;
}

export const PARAM_SPECS: readonly ParamSpec[] = [
  { key: 'gravity', label: 'Gravity', unit: 'm/s²', min: 1, max: 25, step: 0.1 },
  { key: 'cartMass', label: 'Cart mass', unit: 'kg', min: 0.1, max: 5, step: 0.05 },
  { key: 'poleMass', label: 'Pole mass', unit: 'kg', min: 0.01, max: 2, step: 0.01 },
  { key: 'halfPoleLength', label: 'Half pole length', unit: 'm', min: 0.1, max: 2, step: 0.01 },
  { key: 'damping', label: 'Cart damping', unit: 'N·s/m', min: 0, max: 5, step: 0.05 },
  { key: 'motorGain', label: 'Motor gain', unit: '×', min: 0.05, max: 3, step: 0.01 },
  { key: 'motorBias', label: 'Motor bias', unit: 'N', min: -5, max: 5, step: 0.05 },
  { key: 'sensorBiasX', label: 'Sensor bias x', unit: 'm', min: -1, max: 1, step: 0.01 },
  { key: 'sensorBiasXDot', label: 'Sensor bias ẋ', unit: 'm/s', min: -1, max: 1, step: 0.01 },
  { key: 'sensorBiasTheta', label: 'Sensor bias θ', unit: 'rad', min: -0.2, max: 0.2, step: 0.002 },
  {
    key: 'sensorBiasThetaDot',
    label: 'Sensor bias θ̇',
    unit: 'rad/s',
    min: -1,
    max: 1,
    step: 0.01,
  },
  { key: 'sensorNoise', label: 'Sensor noise σ', unit: '', min: 0, max: 0.2, step: 0.001 },
  { key: 'initRange', label: 'Initial-state range', unit: '±', min: 0, max: 0.15, step: 0.005 },
];

/** State [x, ẋ, θ, θ̇]. */
export type State = [number, number, number, number];
