// Medians, p99s and ratios: every figure of the benchmark is one of these.

export interface Summary {
  samples: number;
  median: number;
  p99: number;
  min: number;
}

/** Nearest-rank percentile of already sorted values (p in 0..100). */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return { samples: sorted.length, median: percentile(sorted, 50), p99: percentile(sorted, 99), min: sorted[0] ?? Number.NaN };
}

/** a / b, rounded for reading (two decimals). */
export const ratio = (a: number, b: number): number => round(a / b, 2);

export const round = (value: number, digits = 3): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

/** Milliseconds elapsed since `start` (a performance.now() reading). */
export const since = (start: number): number => performance.now() - start;

/** Times `fn` `runs` times after `warmup` untimed runs; milliseconds per run. */
export async function timeRuns(runs: number, warmup: number, fn: (index: number) => Promise<unknown>): Promise<number[]> {
  for (let index = 0; index < warmup; index++) await fn(-1 - index);
  const times: number[] = [];
  for (let index = 0; index < runs; index++) {
    const start = performance.now();
    await fn(index);
    times.push(since(start));
  }
  return times;
}

export const roundSummary = (summary: Summary, digits = 3): Summary => ({
  samples: summary.samples,
  median: round(summary.median, digits),
  p99: round(summary.p99, digits),
  min: round(summary.min, digits),
});
