// 2. Cold-start proxy: a fresh `node` process per sample (Node 22 when BENCH_NODE names it, as Lambda runs)
// loads one function's bundle and serves one valid API Gateway v2 event, against DynamoDB Local where the
// function uses it. Each function is started four ways, round-robin with everything else, so that the machine's
// noise (other developers' tests) falls on all of them alike:
//   local  the bench stage's bundle (unminified, no tracing, no metrics);
//   prod   the prod stage's bundle as packaged, with its own template environment (tracing and metrics on,
//          NODE_OPTIONS=--enable-source-maps, X-Ray's UDP to a local sink; see bench/lib/deployed.ts);
//   floor  what no code of ours can go under: for a function that calls DynamoDB, the bare SDK client created
//          and making the same calls (bench/lib/bare-cold-runner.cjs); for the others, the empty handler;
//   prod without source maps, for a few functions: what --enable-source-maps costs at cold start;
//   prod and floor with the SDK loaded first, for a function that calls DynamoDB: both processes load the DynamoDB
//          client before the clock starts (bench/lib/preload-sdk.cjs), so they differ by our own init alone.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import v8 from 'node:v8';
import type { BenchFunction } from '../lib/catalog';
import { lambdaRuntimeEnv, type Deployed } from '../lib/deployed';
import { commandName, portable, record, type Command } from '../lib/dynamo-calls';
import type { Harness } from '../lib/harness';
import { parseBody } from '../lib/harness';
import { ratio, round, roundSummary, summarize, type Summary } from '../lib/stats';

export interface ColdFigures {
  /** Spawn to answer, as the parent sees it: node's boot, loading the bundle, the first invocation. */
  total: Summary;
  /** Loading the bundle plus the first invocation, measured inside the process: the part our code controls. */
  initAndFirstInvoke: Summary;
  /** The CPU time of the same (user + system): steadier than wall time on a shared machine. */
  initCpu: Summary;
  status: number;
}

export interface ColdStartFigure extends ColdFigures {
  function: string;
  initCpuRatioToEmpty: number;
  ratioToEmpty: { median: number; p99: number };
  expectedStatus: number;
  dynamodbCalls: string[];
  prod: ColdFigures;
  /** prod / local at the median, spawn to answer and init CPU. */
  prodOverLocal: { total: number; initCpu: number };
  floor: { kind: 'bare SDK client' | 'empty handler' } & Omit<ColdFigures, 'status'>;
  /** What each build adds over the floor at the median: ms (init + first invoke, wall and CPU) and ratio (spawn to answer). */
  overFloor: { local: OverFloor; prod: OverFloor };
  /** A DynamoDB function's prod build and its floor with the SDK loaded before the clock starts: our own init alone. */
  ownInit?: OwnInit;
}

export interface OwnInit {
  prod: { initAndFirstInvoke: Summary; initCpu: Summary };
  floor: { initAndFirstInvoke: Summary; initCpu: Summary };
  /** prod - floor at the median, init + first invoke (wall and CPU). */
  overFloorMs: number;
  overFloorCpuMs: number;
}

interface OverFloor {
  initMs: number;
  initCpuMs: number;
  totalRatio: number;
}

export interface SourceMapFigure {
  function: string;
  withMaps: Omit<ColdFigures, 'status'>;
  withoutMaps: Omit<ColdFigures, 'status'>;
  /** --enable-source-maps' cost at the median: ms of init + first invoke (wall, CPU) and the spawn-to-answer ratio. */
  cost: { initMs: number; initCpuMs: number; totalRatio: number };
}

export interface ColdStartResult {
  samplesPerFunction: number;
  node: string;
  empty: { total: Summary; initAndFirstInvoke: Summary; initCpu: Summary };
  functions: ColdStartFigure[];
  sourceMaps: SourceMapFigure[];
  xrayDatagrams: number;
}

export interface Sample {
  totalMs: number;
  loadMs: number;
  invokeMs: number;
  cpuMs: number;
  statusCode: number;
  body: unknown;
}

export interface Spawnable {
  /** What to spawn: the sample node unless given (bench/compile-cache.ts wraps it in a mount namespace). */
  command?: string;
  args: string[];
  env: Record<string, string | undefined>;
  cwd?: string;
}

const runner = path.join(__dirname, '..', 'lib', 'cold-start-runner.cjs');
const bareRunner = path.join(__dirname, '..', 'lib', 'bare-cold-runner.cjs');
const preloadSdk = path.join(__dirname, '..', 'lib', 'preload-sdk.cjs');
/** The same process with the DynamoDB client loaded before its clock starts. */
const withSdkLoaded = (what: Spawnable): Spawnable => ({
  ...what,
  env: { ...what.env, NODE_OPTIONS: `${what.env.NODE_OPTIONS ?? ''} --require "${preloadSdk}"`.trim() },
});
/** The node that runs the samples: Node 22 as in Lambda when BENCH_NODE names one, else this one. */
export const sampleNode = (): string => process.env.BENCH_NODE || process.execPath;
/** The cold-start runner (bench/lib/cold-start-runner.cjs): `node <runner> <bundle> <export>`. */
export const coldStartRunner = runner;
/** The functions whose prod cold start is also measured without --enable-source-maps. */
const SOURCE_MAP_PROBES = ['health', 'getFactorial', 'getUser', 'postEvents', 'openApiDocument'];

export function coldStart(what: Spawnable, event: unknown, extraEnv: Record<string, string> = {}): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const spawnedAt = performance.now();
    const child = spawn(what.command ?? sampleNode(), what.args, {
      env: { ...what.env, ...extraEnv, BENCH_EVENT: JSON.stringify(event) },
      cwd: what.cwd,
      stdio: ['ignore', 'ignore', 'inherit', 'pipe'],
    });
    let output = '';
    let answered = false;
    const results = child.stdio[3] as NodeJS.ReadableStream;
    results.on('data', (chunk: Buffer) => {
      output += chunk;
      const newline = output.indexOf('\n');
      if (answered || newline < 0) return;
      answered = true;
      const totalMs = performance.now() - spawnedAt;
      const line = JSON.parse(output.slice(0, newline));
      if (line.error) reject(new Error(`${what.args.join(' ')}: ${line.error}`));
      else resolve({ totalMs, loadMs: line.loadMs, invokeMs: line.invokeMs, cpuMs: line.cpuMs, statusCode: line.statusCode, body: parseBody(line.body) });
    });
    child.on('exit', (code) => {
      if (!answered) setTimeout(() => !answered && reject(new Error(`${what.args.join(' ')}: the cold-start process exited with ${code} before answering`)), 100);
    });
  });
}

export const figures = (list: Sample[]) => ({
  total: roundSummary(summarize(list.map((sample) => sample.totalMs)), 1),
  initAndFirstInvoke: roundSummary(summarize(list.map((sample) => sample.loadMs + sample.invokeMs)), 2),
  initCpu: roundSummary(summarize(list.map((sample) => sample.cpuMs)), 2),
});
const median = (list: Sample[], of: (sample: Sample) => number) => summarize(list.map(of)).median;
const init = (sample: Sample) => sample.loadMs + sample.invokeMs;

export async function measureColdStarts(
  functions: BenchFunction[],
  harness: Harness,
  deployed: Map<string, Deployed>,
  samples: number,
  xrayDatagrams: () => number,
  warmupRound = true,
): Promise<ColdStartResult> {
  const emptyBundle = await harness.bundle({ name: '__empty', sourceFile: path.join(__dirname, '..', 'lib', 'empty-handler.ts') });
  const localEnv = (fn: BenchFunction, bundle: string) => ({ ...process.env, ...lambdaRuntimeEnv(fn.name, path.dirname(bundle), fn.handler), NODE_PATH: undefined });
  const local = new Map<string, Spawnable>();
  for (const fn of functions) {
    const bundle = await harness.bundle(fn);
    local.set(fn.name, { args: [runner, bundle, fn.exportName], env: localEnv(fn, bundle) });
  }
  const prod = (fn: BenchFunction): Spawnable => {
    const build = deployed.get(fn.name)!;
    return { args: [runner, build.bundle, fn.exportName], env: build.env, cwd: build.taskRoot };
  };
  const empty: Spawnable = { args: [runner, emptyBundle, 'handler'], env: process.env };

  // The DynamoDB calls of one request of each function (recorded in process), for its bare floor.
  const calls = new Map<string, { commands: Command[]; unique: string }>();
  for (const fn of functions) {
    const unique = harness.unique();
    const sample = await harness.prepare(fn, unique);
    const { result, commands } = await record(() => harness.run(fn, sample));
    await sample.after(result);
    calls.set(fn.name, { commands, unique });
  }
  const bare = (fn: BenchFunction, unique: string): Spawnable | undefined => {
    const { commands, unique: recorded } = calls.get(fn.name)!;
    if (commands.length === 0) return undefined;
    return {
      args: [bareRunner],
      env: { ...process.env, BENCH_COMMANDS: v8.serialize(portable(commands, recorded, unique)).toString('base64') },
    };
  };

  const emptySamples: Sample[] = [];
  const perFunction = new Map(
    functions.map((fn) => [
      fn.name,
      { local: [] as Sample[], prod: [] as Sample[], bare: [] as Sample[], prodNoMaps: [] as Sample[], prodSdkLoaded: [] as Sample[], bareSdkLoaded: [] as Sample[] },
    ]),
  );
  const emptyEvent = (await harness.prepare(functions[0]!)).event;
  const run = async (fn: BenchFunction, what: Spawnable, keep: Sample[] | undefined, unique = harness.unique(), extraEnv?: Record<string, string>) => {
    const prepared = await harness.prepare(fn, unique);
    const sample = await coldStart(what, prepared.event, extraEnv);
    await prepared.after({ statusCode: sample.statusCode, body: sample.body });
    keep?.push(sample);
  };
  // One untimed round first: fills the OS file cache and creates the fixtures the examples share.
  for (let round = warmupRound ? -1 : 0; round < samples; round++) {
    const emptySample = await coldStart(empty, emptyEvent);
    if (round >= 0) emptySamples.push(emptySample);
    for (const fn of functions) {
      const kept = round >= 0 ? perFunction.get(fn.name)! : undefined;
      // The order of the variants turns each round, so that none always runs right after another.
      const variants: (() => Promise<void>)[] = [
        () => run(fn, local.get(fn.name)!, kept?.local),
        () => run(fn, prod(fn), kept?.prod),
      ];
      const unique = harness.unique();
      const floor = bare(fn, unique);
      if (floor) {
        variants.push(() => run(fn, floor, kept?.bare, unique));
        variants.push(() => run(fn, withSdkLoaded(prod(fn)), kept?.prodSdkLoaded));
        const loadedUnique = harness.unique();
        variants.push(() => run(fn, withSdkLoaded(bare(fn, loadedUnique)!), kept?.bareSdkLoaded, loadedUnique));
      }
      if (SOURCE_MAP_PROBES.includes(fn.name)) {
        const withoutMaps = { ...prod(fn), env: { ...prod(fn).env, NODE_OPTIONS: '' } };
        variants.push(() => run(fn, withoutMaps, kept?.prodNoMaps));
      }
      const turn = (round + 1) % variants.length;
      for (const variant of [...variants.slice(turn), ...variants.slice(0, turn)]) await variant();
    }
  }

  const emptyFigures = figures(emptySamples);
  const statusOf = (list: Sample[], expected: number) => list.map((sample) => sample.statusCode).find((status) => status !== expected) ?? expected;
  const overFloor = (list: Sample[], floorList: Sample[]): OverFloor => ({
    initMs: round(median(list, init) - median(floorList, init), 2),
    initCpuMs: round(median(list, (s) => s.cpuMs) - median(floorList, (s) => s.cpuMs), 2),
    totalRatio: ratio(median(list, (s) => s.totalMs), median(floorList, (s) => s.totalMs)),
  });
  const ownInit = (prodList: Sample[], floorList: Sample[]): OwnInit => {
    const { initAndFirstInvoke, initCpu } = figures(prodList);
    const floorFigures = figures(floorList);
    return {
      prod: { initAndFirstInvoke, initCpu },
      floor: { initAndFirstInvoke: floorFigures.initAndFirstInvoke, initCpu: floorFigures.initCpu },
      overFloorMs: round(median(prodList, init) - median(floorList, init), 2),
      overFloorCpuMs: round(median(prodList, (s) => s.cpuMs) - median(floorList, (s) => s.cpuMs), 2),
    };
  };
  return {
    samplesPerFunction: samples,
    node: execFileSync(sampleNode(), ['-v'], { encoding: 'utf8' }).trim(),
    empty: emptyFigures,
    functions: functions.map((fn) => {
      const lists = perFunction.get(fn.name)!;
      const localFigures = figures(lists.local);
      const floorList = lists.bare.length > 0 ? lists.bare : emptySamples;
      return {
        function: fn.name,
        ...localFigures,
        initCpuRatioToEmpty: ratio(localFigures.initCpu.median, emptyFigures.initCpu.median),
        ratioToEmpty: { median: ratio(localFigures.total.median, emptyFigures.total.median), p99: ratio(localFigures.total.p99, emptyFigures.total.p99) },
        status: statusOf(lists.local, fn.expectedStatus),
        expectedStatus: fn.expectedStatus,
        dynamodbCalls: calls.get(fn.name)!.commands.map(commandName),
        prod: { ...figures(lists.prod), status: statusOf(lists.prod, fn.expectedStatus) },
        prodOverLocal: {
          total: ratio(median(lists.prod, (s) => s.totalMs), median(lists.local, (s) => s.totalMs)),
          initCpu: ratio(median(lists.prod, (s) => s.cpuMs), median(lists.local, (s) => s.cpuMs)),
        },
        floor: { kind: lists.bare.length > 0 ? 'bare SDK client' : 'empty handler', ...figures(floorList) },
        overFloor: { local: overFloor(lists.local, floorList), prod: overFloor(lists.prod, floorList) },
        ...(lists.prodSdkLoaded.length > 0 ? { ownInit: ownInit(lists.prodSdkLoaded, lists.bareSdkLoaded) } : {}),
      };
    }),
    sourceMaps: functions
      .filter((fn) => perFunction.get(fn.name)!.prodNoMaps.length > 0)
      .map((fn) => {
        const { prod: withMaps, prodNoMaps: withoutMaps } = perFunction.get(fn.name)!;
        return {
          function: fn.name,
          withMaps: figures(withMaps),
          withoutMaps: figures(withoutMaps),
          cost: {
            initMs: round(median(withMaps, init) - median(withoutMaps, init), 2),
            initCpuMs: round(median(withMaps, (s) => s.cpuMs) - median(withoutMaps, (s) => s.cpuMs), 2),
            totalRatio: ratio(median(withMaps, (s) => s.totalMs), median(withoutMaps, (s) => s.totalMs)),
          },
        };
      }),
    xrayDatagrams: xrayDatagrams(),
  };
}
