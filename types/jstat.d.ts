// Minimal typings for the parts of jstat 1.9.6 the drift engine uses (the package ships none).
declare module 'jstat' {
  interface JStatStatic {
    /** Natural log of the gamma function. */
    gammaln(x: number): number;
    /** Lower regularized incomplete gamma function P(a, x). */
    lowRegGamma(a: number, x: number): number;
    chisquare: { cdf(x: number, dof: number): number };
    normal: { cdf(x: number, mean: number, std: number): number };
  }
  export const jStat: JStatStatic;
}
