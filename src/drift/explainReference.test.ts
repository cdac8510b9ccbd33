/**
 * Per-bin contributions against scipy's building blocks (numbers in __fixtures__/explain-reference.json, produced by
 * scripts/reference/explain_reference.py, which also checks that scipy's terms sum to scipy's scores).
 * psi, kl and chi2 contributions are the terms themselves; js and hellinger split the distance in proportion to
 * the terms of its square, so their shares are compared.
 */
import reference from './__fixtures__/explain-reference.json';
import { explainComparison } from './compare';
import type { DriftMethod } from './types';

const TOL = 1e-9;

type Method = keyof (typeof reference.cases)[number]['terms'];

function explained(c: (typeof reference.cases)[number], method: DriftMethod) {
  const side = (counts: number[]) => ({ kind: 'numeric' as const, binned: { upperBounds: c.upperBounds, counts } });
  return explainComparison(side(c.reference), side(c.current), { method });
}

describe.each(reference.cases.map((c) => [c.name, c]))('%s', (_name, c) => {
  it.each(['psi', 'kl', 'chi2'] as Method[])('%s: each bin’s contribution is scipy’s term', (method) => {
    const { result, explanation } = explained(c, method);
    expect(result.statistic).toBeCloseTo(c.scores[method], 9);
    const contributions = explanation.contributions!.map((x) => x.contribution);
    c.terms[method].forEach((term, i) => {
      expect(Math.abs(contributions[i] - term)).toBeLessThanOrEqual(TOL * Math.max(Math.abs(term), c.scores[method], 1e-12));
    });
  });

  it.each(['js', 'hellinger'] as Method[])('%s: each bin’s share is its term’s share of the squared distance', (method) => {
    const { result, explanation } = explained(c, method);
    expect(result.statistic).toBeCloseTo(c.scores[method], 9);
    const total = c.terms[method].reduce((a, b) => a + b, 0);
    explanation.contributions!.forEach((x, i) => {
      expect(Math.abs(x.share - c.terms[method][i] / total)).toBeLessThanOrEqual(TOL);
    });
  });
});
