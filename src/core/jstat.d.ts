/** The few jStat distributions Corridor uses (jstat ships no types of its own; it is CommonJS). */
declare module 'jstat' {
  interface Distribution {
    cdf(x: number, ...params: number[]): number;
    inv(p: number, ...params: number[]): number;
  }
  const jstat: {
    jStat: {
      normal: Distribution;
      studentt: Distribution;
      /** ln Γ(x). */
      gammaln(x: number): number;
    };
  };
  export default jstat;
}
