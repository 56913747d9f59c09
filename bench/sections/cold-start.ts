// 2. Cold-start proxy: a fresh `node` process per sample loads one function's bundle (the deployment build of
// the bench stage) and serves one valid API Gateway v2 event, against DynamoDB Local where the function uses
// it. Baseline: the same for an empty handler bundle. Samples are taken round-robin over the functions, so
// that the machine's noise (other developers' tests) falls on all of them alike.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { BenchFunction } from '../lib/catalog';
import type { Harness } from '../lib/harness';
import { parseBody } from '../lib/harness';
import { ratio, roundSummary, summarize, type Summary } from '../lib/stats';

export interface ColdStartFigure {
  function: string;
  /** Spawn to answer, as the parent sees it: node's boot, loading the bundle, the first invocation. */
  total: Summary;
  /** Loading the bundle plus the first invocation, measured inside the process: the part our code controls. */
  initAndFirstInvoke: Summary;
  /** The CPU time of the same (user + system): steadier than wall time on a shared machine. */
  initCpu: Summary;
  initCpuRatioToEmpty: number;
  ratioToEmpty: { median: number; p99: number };
  status: number;
  expectedStatus: number;
}

export interface ColdStartResult {
  samplesPerFunction: number;
  empty: { total: Summary; initAndFirstInvoke: Summary; initCpu: Summary };
  functions: ColdStartFigure[];
}

interface Sample {
  totalMs: number;
  loadMs: number;
  invokeMs: number;
  cpuMs: number;
  statusCode: number;
  body: unknown;
}

const runner = path.join(__dirname, '..', 'lib', 'cold-start-runner.cjs');

function coldStart(bundle: string, exportName: string, event: unknown): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const spawnedAt = performance.now();
    const child = spawn(process.execPath, [runner, bundle, exportName], {
      env: { ...process.env, BENCH_EVENT: JSON.stringify(event) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    let answered = false;
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk;
      const newline = output.indexOf('\n');
      if (answered || newline < 0) return;
      answered = true;
      const totalMs = performance.now() - spawnedAt;
      const line = JSON.parse(output.slice(0, newline));
      if (line.error) reject(new Error(`${bundle}: ${line.error}`));
      else resolve({ totalMs, loadMs: line.loadMs, invokeMs: line.invokeMs, cpuMs: line.cpuMs, statusCode: line.statusCode, body: parseBody(line.body) });
    });
    child.on('exit', (code) => {
      if (!answered) reject(new Error(`${bundle}: the cold-start process exited with ${code} before answering`));
    });
  });
}

export async function measureColdStarts(
  functions: BenchFunction[],
  harness: Harness,
  samples: number,
): Promise<ColdStartResult> {
  const emptyBundle = await harness.bundle({ name: '__empty', sourceFile: path.join(__dirname, '..', 'lib', 'empty-handler.ts') });
  const bundles = new Map<string, string>();
  for (const fn of functions) bundles.set(fn.name, await harness.bundle(fn));

  const emptySamples: Sample[] = [];
  const perFunction = new Map<string, Sample[]>(functions.map((fn) => [fn.name, []]));
  const emptyEvent = (await harness.prepare(functions[0]!)).event;
  // One untimed round first: fills the OS file cache and creates the fixtures the examples share.
  for (let round = -1; round < samples; round++) {
    const emptySample = await coldStart(emptyBundle, 'handler', emptyEvent);
    if (round >= 0) emptySamples.push(emptySample);
    for (const fn of functions) {
      const prepared = await harness.prepare(fn);
      const sample = await coldStart(bundles.get(fn.name)!, fn.exportName, prepared.event);
      await prepared.after({ statusCode: sample.statusCode, body: sample.body });
      if (round >= 0) perFunction.get(fn.name)!.push(sample);
    }
  }

  const totals = (list: Sample[]) => summarize(list.map((sample) => sample.totalMs));
  const inits = (list: Sample[]) => summarize(list.map((sample) => sample.loadMs + sample.invokeMs));
  const cpus = (list: Sample[]) => summarize(list.map((sample) => sample.cpuMs));
  const emptyTotal = totals(emptySamples);
  const emptyCpu = cpus(emptySamples);
  return {
    samplesPerFunction: samples,
    empty: { total: roundSummary(emptyTotal, 1), initAndFirstInvoke: roundSummary(inits(emptySamples), 2), initCpu: roundSummary(emptyCpu, 2) },
    functions: functions.map((fn) => {
      const list = perFunction.get(fn.name)!;
      const total = totals(list);
      const statuses = list.map((sample) => sample.statusCode);
      const wrong = statuses.find((status) => status !== fn.expectedStatus);
      return {
        function: fn.name,
        total: roundSummary(total, 1),
        initAndFirstInvoke: roundSummary(inits(list), 2),
        initCpu: roundSummary(cpus(list), 2),
        initCpuRatioToEmpty: ratio(cpus(list).median, emptyCpu.median),
        ratioToEmpty: { median: ratio(total.median, emptyTotal.median), p99: ratio(total.p99, emptyTotal.p99) },
        status: wrong ?? fn.expectedStatus,
        expectedStatus: fn.expectedStatus,
      };
    }),
  };
}
