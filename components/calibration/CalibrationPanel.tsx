/** TODO: the calibration tab is being built (issue 3/4); this placeholder only names it. */
export function CalibrationPanel() {
  return <section className="panel">The calibration view is not built yet.</section>;
}
