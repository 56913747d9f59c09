// 3. Warm latency in process: each route through its real handler (the whole Middy stack) with real events
// against DynamoDB Local, versus a bare handler that makes exactly the same DynamoDB calls with no middleware.
// The bare handler's calls are the ones the real handler was seen to make (recorded on the shared document
// client), replayed with this sample's unique ids, so both do the same database work.
// Then our stack alone: the same handler and the same bare one, with the answers DynamoDB Local gave the last
// sample above recorded and given back in process (no database, so none of its noise), many times: what the
// stack adds, in us.
// Then the prod build against the local one: each function in two processes of its own (bench/lib/function-host.cjs,
// on Node 22 when BENCH_NODE names it), the local bundle and the prod one as packaged with its template environment
// (tracing to a local X-Ray sink, metrics on, source maps), sent the same kind of events alternately.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { dynamo } from '#shared/dynamo/client';
import type { Deployed } from '../lib/deployed';
import { lambdaRuntimeEnv } from '../lib/deployed';
import { answering, commandName, record, recordWithOutcomes, replayed, type Command, type Outcome } from '../lib/dynamo-calls';
import { sampleNode } from './cold-start';
import { lambdaContext } from '../../test/helpers/lambda';
import type { BenchFunction } from '../lib/catalog';
import { parseBody, type Handler, type Harness } from '../lib/harness';
import { ratio, round, roundSummary, since, summarize, type Summary } from '../lib/stats';

export interface WarmFigure {
  function: string;
  /** The DynamoDB commands one request makes (names), empty for routes that touch no table. */
  dynamodbCalls: string[];
  handler: Summary;
  bare: Summary;
  /** handler / bare at the median: the stack's share. Only meaningful when the bare handler does the same work. */
  ratio: { median: number; p99: number };
  /** What the stack adds at the median, in microseconds. */
  addedMicros: number;
  status: number;
  expectedStatus: number;
  /**
   * The same two handlers with DynamoDB's answers to the loop's last request recorded and given back in process,
   * `samples` times each, alternated: what our stack costs without the database's noise (medians in us). `status` is
   * the replayed answer's.
   */
  stack: { handlerMicros: number; bareMicros: number; addedMicros: number; samples: number; status: number };
  /** Each build in a process of its own: local and prod bundles, same events, alternated; prod / local at the median. */
  hosted: { local: Summary; prod: Summary; prodOverLocal: number; prodStatus: number };
}

type Send = (command: never) => Promise<unknown>;
const client = () => dynamo() as unknown as { send: Send };

/** The bare handler: the same DynamoDB calls, one after the other, and the last answer as the JSON body. */
async function bareHandler(commands: Command[], _event: APIGatewayProxyEventV2) {
  let last: unknown = {};
  for (const command of commands) {
    try {
      last = await client().send(new command.constructor(command.input) as never);
    } catch (error) {
      // A replayed write may meet a condition that no longer holds (a counter-issued id already taken):
      // the round trip was made all the same.
      last = { error: (error as Error).name };
    }
  }
  const { Item, Items, Attributes } = (last ?? {}) as Record<string, unknown>;
  return { statusCode: 200, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(Item ?? Items ?? Attributes ?? {}) };
}

/** One request of the warm loop as it went: its event (as sent), the commands it made and what DynamoDB answered. */
interface RecordedRequest {
  event: APIGatewayProxyEventV2;
  commands: Command[];
  outcomes: Outcome[];
}

/** Our stack alone: the handler and the bare one, alternated, each answered from the recorded request's answers. */
async function measureStack(handler: Handler, recorded: RecordedRequest, iterations: number): Promise<WarmFigure['stack']> {
  const { event: sent, commands, outcomes } = recorded;
  const times = { handler: [] as number[], bare: [] as number[] };
  let status = 0;
  const warmup = Math.max(20, Math.round(iterations / 10));
  await answering(outcomes, async () => {
    for (let index = -warmup; index < iterations; index++) {
      // A fresh copy of the event each time: the body parser replaces the event's body with what it parsed.
      const event = structuredClone(sent);
      const context = lambdaContext();
      const start = performance.now();
      const answer = await handler(event, context);
      const handlerElapsed = since(start);
      if (index === 0) status = answer.statusCode ?? 200;
      const bareEvent = structuredClone(sent);
      const bareStart = performance.now();
      await bareHandler(commands, bareEvent);
      const bareElapsed = since(bareStart);
      if (index >= 0) {
        times.handler.push(handlerElapsed);
        times.bare.push(bareElapsed);
      }
    }
  });
  const handlerMedian = summarize(times.handler).median;
  const bareMedian = summarize(times.bare).median;
  return {
    handlerMicros: round(handlerMedian * 1000, 1),
    bareMicros: round(bareMedian * 1000, 1),
    addedMicros: round((handlerMedian - bareMedian) * 1000, 1),
    samples: iterations,
    status,
  };
}

export async function measureWarm(
  functions: BenchFunction[],
  harness: Harness,
  deployed: Map<string, Deployed>,
  iterations: number,
  stackIterations: number,
): Promise<WarmFigure[]> {
  const figures: WarmFigure[] = [];
  const warmup = Math.max(3, Math.round(iterations / 10));
  for (const fn of functions) {
    const handler = await harness.handler(fn);
    const handlerTimes: number[] = [];
    const bareTimes: number[] = [];
    let status = fn.expectedStatus;
    let calls: string[] = [];
    let last: RecordedRequest | undefined;
    // Alternate real and bare per iteration, so that both see the same machine and the same table sizes.
    for (let index = -warmup; index < iterations; index++) {
      const unique = harness.unique();
      const sample = await harness.prepare(fn, unique);
      let elapsed = 0;
      const timedRun = async () => {
        const start = performance.now();
        const answer = await handler(sample.event, lambdaContext());
        elapsed = since(start);
        return answer;
      };
      // The last request's answers are kept for the stack alone (recording them is not free: only that one pays).
      const isLast = index === iterations - 1;
      const sent = isLast ? structuredClone(sample.event) : undefined;
      const { result: response, commands, outcomes } = isLast ? await recordWithOutcomes(timedRun) : { ...(await record(timedRun)), outcomes: [] };
      if (sent) last = { event: sent, commands, outcomes };
      const statusCode = response.statusCode ?? 200;
      await sample.after({ statusCode, body: parseBody(response.body) });
      if (statusCode !== fn.expectedStatus) status = statusCode;
      calls = commands.map(commandName);

      const bareUnique = harness.unique();
      const bareSample = await harness.prepare(fn, bareUnique);
      const replay = replayed(commands, unique, bareUnique);
      const bareStart = performance.now();
      const bareResponse = await bareHandler(replay, bareSample.event);
      const bareElapsed = since(bareStart);
      await bareSample.after({ statusCode: bareResponse.statusCode, body: parseBody(bareResponse.body) });
      if (index >= 0) {
        handlerTimes.push(elapsed);
        bareTimes.push(bareElapsed);
      }
    }
    const real = summarize(handlerTimes);
    const bare = summarize(bareTimes);
    const stack = await measureStack(handler, last!, stackIterations);
    const hosted = await measureHosted(fn, harness, deployed.get(fn.name)!, iterations, warmup);
    figures.push({
      function: fn.name,
      dynamodbCalls: calls,
      handler: roundSummary(real, 4),
      bare: roundSummary(bare, 4),
      ratio: { median: ratio(real.median, bare.median), p99: ratio(real.p99, bare.p99) },
      addedMicros: round((real.median - bare.median) * 1000, 1),
      status,
      expectedStatus: fn.expectedStatus,
      stack,
      hosted,
    });
  }
  return figures;
}

const host = path.join(__dirname, '..', 'lib', 'function-host.cjs');

/** A function instance in its own process; resolves once its bundle is loaded. */
function startHost(bundle: string, exportName: string, env: Record<string, string | undefined>, cwd?: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = fork(host, [bundle, exportName], { execPath: sampleNode(), execArgv: [], env, cwd, serialization: 'advanced', stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`${bundle}: the function host exited with ${code}`)));
  });
}

type HostAnswer = { ms: number; statusCode: number; body?: string; error?: string };
function send(child: ChildProcess, event: APIGatewayProxyEventV2): Promise<HostAnswer> {
  return new Promise((resolve, reject) => {
    child.once('message', (answer: HostAnswer) => (answer.error ? reject(new Error(answer.error)) : resolve(answer)));
    child.send({ event });
  });
}

async function measureHosted(fn: BenchFunction, harness: Harness, prodBuild: Deployed, iterations: number, warmup: number): Promise<WarmFigure['hosted']> {
  const localBundle = await harness.bundle(fn);
  const localHost = await startHost(localBundle, fn.exportName, { ...process.env, ...lambdaRuntimeEnv(fn.name, path.dirname(localBundle), fn.handler), NODE_PATH: undefined });
  const prodHost = await startHost(prodBuild.bundle, fn.exportName, prodBuild.env, prodBuild.taskRoot);
  const times = { local: [] as number[], prod: [] as number[] };
  let prodStatus = fn.expectedStatus;
  try {
    for (let index = -warmup; index < iterations; index++) {
      const order = index % 2 === 0 ? (['local', 'prod'] as const) : (['prod', 'local'] as const);
      for (const build of order) {
        const sample = await harness.prepare(fn);
        const answer = await send(build === 'local' ? localHost : prodHost, sample.event);
        await sample.after({ statusCode: answer.statusCode, body: parseBody(answer.body) });
        if (build === 'prod' && answer.statusCode !== fn.expectedStatus) prodStatus = answer.statusCode;
        if (index >= 0) times[build].push(answer.ms);
      }
    }
  } finally {
    localHost.kill();
    prodHost.kill();
  }
  const local = summarize(times.local);
  const prod = summarize(times.prod);
  return { local: roundSummary(local, 4), prod: roundSummary(prod, 4), prodOverLocal: ratio(prod.median, local.median), prodStatus };
}
