/**
 * Suggestions for misspelt keys, module names and values, by edit distance
 * (optimal string alignment: insertions, deletions, substitutions and swaps
 * of two neighbouring letters each cost one).
 */

export function editDistance(a: string, b: string): number {
  return alignmentCost(a, b, 1);
}

/**
 * Computes the optimal string alignment distance, with `substitutionCost`
 * for a changed letter and one for every other edit.
 */
function alignmentCost(a: string, b: string, substitutionCost: number): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => [i, ...new Array<number>(cols - 1).fill(0)]);
  for (let j = 1; j < cols; j++) d[0][j] = j;

  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : substitutionCost;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      const swapped = i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1];
      if (swapped) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

// A changed letter costs a little more than a missing, extra or swapped one
// when distances tie, because those are the likelier typos: `taks` is
// `tasks` missing an s sooner than `tags` with one wrong letter. The extra
// is too small to outweigh one whole edit.
const TIE_SUBSTITUTION_COST = 1 + 1 / 64;

/** Returns the largest distance still worth suggesting, since short words need a close match. */
function tolerance(word: string): number {
  if (word.length <= 3) return 1;
  if (word.length <= 8) return 2;
  return 3;
}

/** Returns the candidate closest to `word`, if one is close enough to be a likely typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();

  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = candidate.toLowerCase() === lower ? 0 : alignmentCost(lower, candidate.toLowerCase(), TIE_SUBSTITUTION_COST);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return Math.floor(bestDistance) <= tolerance(word) ? best : undefined;
}

/** Returns `; did you mean "x"?` for the closest candidate, or an empty string. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closest(word, candidates);
  return match === undefined ? '' : `; did you mean "${match}"?`;
}
