/** The app's tabs, in the order they appear; `id` feeds the `tab-<id>` test ids. */
export const TABS = [
  { id: 'live', label: 'Live' },
  { id: 'attention', label: 'Attention' },
  { id: 'softmax', label: 'Softmax lab' },
  { id: 'posterior', label: 'Posterior' },
  { id: 'calibration', label: 'Calibration' },
  { id: 'compare', label: 'Compare' },
] as const;

export type TabId = (typeof TABS)[number]['id'];
