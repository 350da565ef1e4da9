/**
 * mulberry32: a tiny seeded pseudo-random generator, so fault rates give the same sequence on every run.
 *
 * @param seed - any number; only its low 32 bits are used.
 * @returns a function returning floats in [0, 1), deterministic for a given seed.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
