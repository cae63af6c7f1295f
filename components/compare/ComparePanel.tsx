/** TODO: the compare tab is being built (issue 3/4); this placeholder only names it. */
export function ComparePanel() {
  return <section className="panel">The compare view is not built yet.</section>;
}
