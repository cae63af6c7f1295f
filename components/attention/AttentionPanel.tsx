/** TODO: the attention tab is being built (issue 3/4); this placeholder only names it. */
export function AttentionPanel() {
  return <section className="panel">The attention view is not built yet.</section>;
}
