// 5. Factorial: our handler (in process, the whole Middy stack, JSON with every digit) against Python's
// math.factorial plus str() at 1,000, 10,000 and 100,000; the same digits (compared by SHA-256).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { apiGatewayEvent, lambdaContext } from '../../test/helpers/lambda';
import type { Harness } from '../lib/harness';
import { ratio, roundSummary, summarize, timeRuns, type Summary } from '../lib/stats';

export interface FactorialFigure {
  n: number;
  digits: number;
  handler: Summary;
  python: Summary;
  /** Python's median over ours: how many times faster we are. */
  speedup: number;
  digitsIdentical: boolean;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function measureFactorial(harness: Harness, sizes: number[], runsFor: (n: number) => number): Promise<FactorialFigure[]> {
  const fn = harness.byOperation('getFactorial');
  const handler = await harness.handler(fn);
  const figures: FactorialFigure[] = [];
  for (const n of sizes) {
    const runs = runsFor(n);
    const event = () => apiGatewayEvent({ path: fn.route!.path, query: { number: String(n) } });
    let body = '';
    const times = await timeRuns(runs, 1, async () => {
      const response = await handler(event(), lambdaContext());
      body = response.body ?? '';
    });
    const digits = /"factorial":(\d+)/.exec(body)?.[1] ?? '';
    const python = JSON.parse(
      execFileSync('python3', [path.join(__dirname, 'factorial.py'), String(n), String(runs)], { encoding: 'utf8', maxBuffer: 1 << 20 }),
    ) as { times_ms: number[]; sha256: string; digits: number };
    const ours = summarize(times);
    const theirs = summarize(python.times_ms);
    figures.push({
      n,
      digits: digits.length,
      handler: roundSummary(ours),
      python: roundSummary(theirs),
      speedup: ratio(theirs.median, ours.median),
      digitsIdentical: digits.length === python.digits && sha256(digits) === python.sha256,
    });
  }
  return figures;
}
