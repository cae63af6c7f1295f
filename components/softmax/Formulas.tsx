import { memo } from 'react';
import katex from 'katex';
import 'katex/dist/katex.min.css';

/** The expansion's formulas (METHOD §3), in the order the table's columns use them. */
const FORMULAS: readonly { tex: string; note: string }[] = [
  {
    tex: 'z \\sim \\mathcal N(\\mu, \\Sigma),\\quad s = \\operatorname{softmax}(\\mu)',
    note: 'expand around the mean',
  },
  { tex: 'J = \\operatorname{diag}(s) - s\\,s^{\\top}', note: 'Jacobian of softmax at μ' },
  {
    tex: 'E_1[s] = s,\\qquad \\operatorname{Cov}[s] \\approx J\\,\\Sigma\\,J^{\\top}',
    note: '1st order',
  },
  {
    tex: 'E_2[s_i] = s_i + \\tfrac12 \\operatorname{tr}(H_i \\Sigma)',
    note: '2nd order mean (covariance as 1st order)',
  },
  {
    tex: 'H_i = s_i\\left[(e_i - s)(e_i - s)^{\\top} - J\\right]',
    note: 'Hessian of component i',
  },
];

/** Typesets TeX to HTML once (KaTeX never throws here: errors show in red in place). */
function typeset(tex: string): string {
  return katex.renderToString(tex, { displayMode: true, throwOnError: false, output: 'html' });
}

const RENDERED = FORMULAS.map((f) => ({ html: typeset(f.tex), note: f.note }));

/** The formulas behind the table's Taylor columns, typeset with KaTeX. */
export const Formulas = memo(function Formulas() {
  return (
    <section className="formulas" aria-label="formulas">
      <h3>The expansion</h3>
      <dl>
        {RENDERED.map((f) => (
          <div key={f.note} className="formula">
            <dt dangerouslySetInnerHTML={{ __html: f.html }} />
            <dd>{f.note}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
});
