// 6. HTTP through sls offline with autocannon: requests/s, p50/p99 and errors per route, and the emulator's
// own cost: its median latency over the in-process median of the same route (section 3).
import autocannon from 'autocannon';
import type { BenchFunction } from '../lib/catalog';
import type { Harness } from '../lib/harness';
import { round } from '../lib/stats';

export interface HttpFigure {
  route: string;
  path: string;
  /** Under load (`connections` at once): what the emulator sustains. */
  load: { connections: number; requests: number; requestsPerSecond: number; p50Ms: number; p99Ms: number };
  /** One connection, one request at a time: latency without queueing, comparable with in process. */
  single: { requests: number; p50Ms: number; p99Ms: number };
  /** Errors, timeouts and non-2xx answers over both runs. */
  errors: number;
  non2xx: number;
  /** The in-process handler's median for the same route (section 3), and sls offline's single-connection p50 over it. */
  inProcessMedianMs?: number;
  overInProcess?: number;
}

/** The routes the issue names; the ones whose service is not merged are left out of the run. */
const ROUTES = ['getHealth', 'getFactorial', 'getUser', 'listEvents'];

export async function measureHttp(
  baseUrl: string,
  functions: BenchFunction[],
  harness: Harness,
  options: { connections: number; durationSeconds: number },
  inProcessMedianMs: (name: string) => number | undefined,
): Promise<HttpFigure[]> {
  const figures: HttpFigure[] = [];
  for (const operationId of ROUTES) {
    const fn = functions.find((candidate) => candidate.route?.operationId === operationId);
    if (!fn) continue;
    const sample = await harness.prepare(fn); // creates the route's fixtures, as in process
    const { rawPath, rawQueryString } = sample.event;
    const path = rawQueryString ? `${rawPath}?${rawQueryString}` : rawPath;
    const url = `${baseUrl}${path}`;
    const headers = sample.event.headers as Record<string, string>;
    // Untimed first: sls offline starts one worker per concurrent request of a function, each a cold start of its
    // own (a second or more on a busy 2-core machine), which would otherwise fall inside the timed run (the quick
    // run's 1 s load of GET /events once completed no request at all).
    await autocannon({ url, headers, connections: options.connections, amount: options.connections * 4 });
    const single = await autocannon({ url, headers, connections: 1, duration: options.durationSeconds });
    const load = await autocannon({ url, headers, connections: options.connections, duration: options.durationSeconds });
    const inProcess = inProcessMedianMs(fn.name);
    figures.push({
      route: fn.routeKey,
      path,
      load: {
        connections: options.connections,
        requests: load.requests.total,
        requestsPerSecond: round(load.requests.average, 1),
        p50Ms: load.latency.p50,
        p99Ms: load.latency.p99,
      },
      single: { requests: single.requests.total, p50Ms: single.latency.p50, p99Ms: single.latency.p99 },
      errors: single.errors + single.timeouts + load.errors + load.timeouts,
      non2xx: single.non2xx + load.non2xx,
      inProcessMedianMs: inProcess,
      overInProcess: inProcess ? round(single.latency.p50 / inProcess, 1) : undefined,
    });
  }
  return figures;
}
