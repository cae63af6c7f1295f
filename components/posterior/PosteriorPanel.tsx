/** TODO: the posterior tab is being built (issue 3/4); this placeholder only names it. */
export function PosteriorPanel() {
  return <section className="panel">The posterior view is not built yet.</section>;
}
