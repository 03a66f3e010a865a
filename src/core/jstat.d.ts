/** The few jStat distributions Corridor uses (jstat ships no types of its own). */
declare module 'jstat' {
  interface Distribution {
    cdf(x: number, ...params: number[]): number;
    inv(p: number, ...params: number[]): number;
  }
  export const jStat: {
    normal: Distribution;
    studentt: Distribution;
  };
}
