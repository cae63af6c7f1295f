/** TODO: the softmax tab is being built (issue 3/4); this placeholder only names it. */
export function SoftmaxLab() {
  return <section className="panel">The softmax view is not built yet.</section>;
}
