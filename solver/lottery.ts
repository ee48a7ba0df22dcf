/**
 * The seeded lottery. Everything random in dual-match comes from here, so a round with the
 * same `policy.seed` always gives the same result.
 */

/** SplitMix32: small, fast, and well mixed even for consecutive seeds. */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
    z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
    z ^= z >>> 15;
    return (z >>> 0) / 4294967296;
  };
}

/** A uniformly random permutation of 0..n-1 (Fisher-Yates) drawn from the seed. */
export function seededPermutation(n: number, seed: number): Int32Array {
  const random = seededRandom(seed);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/**
 * One lottery number per student: position in the seeded permutation, lower is luckier.
 * The stable mechanism breaks ties between equally ranked students with it, the optimal
 * mechanism orders students by it so that its choice among equally good solutions follows
 * the seed too.
 */
export function lotteryNumbers(n: number, seed: number): Int32Array {
  const order = seededPermutation(n, seed);
  const number = new Int32Array(n);
  for (let i = 0; i < n; i++) number[order[i]] = i;
  return number;
}
