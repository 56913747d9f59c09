// 3. Warm latency in process: each route through its real handler (the whole Middy stack) with real events
// against DynamoDB Local, versus a bare handler that makes exactly the same DynamoDB calls with no middleware.
// The bare handler's calls are the ones the real handler was seen to make (recorded on the shared document
// client), replayed with this sample's unique ids, so both do the same database work.
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { dynamo } from '#shared/dynamo/client';
import { lambdaContext } from '../../test/helpers/lambda';
import type { BenchFunction } from '../lib/catalog';
import { parseBody, type Harness } from '../lib/harness';
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
}

type Command = { constructor: new (input: unknown) => unknown; input: unknown };
type Send = (command: never) => Promise<unknown>;

/** Deep copy of `value` with every occurrence of `from` in its strings replaced by `to`. */
function replaceDeep(value: unknown, from: string, to: string): unknown {
  if (typeof value === 'string') return value.split(from).join(to);
  if (Array.isArray(value)) return value.map((item) => replaceDeep(item, from, to));
  if (value instanceof Set) return new Set([...value].map((item) => replaceDeep(item, from, to)));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [replaceDeep(key, from, to) as string, replaceDeep(item, from, to)]));
  }
  return value;
}

const client = () => dynamo() as unknown as { send: Send };
let recording: Command[] | undefined;
/** Every function's bundle leaves the AWS SDK external, so all their document clients share this prototype. */
function recordCommands(): void {
  const prototype = DynamoDBDocumentClient.prototype as unknown as { send: Send & { recording?: boolean } };
  if (prototype.send.recording) return;
  const original = prototype.send;
  prototype.send = Object.assign(
    function (this: unknown, ...args: unknown[]) {
      recording?.push(args[0] as Command);
      return (original as (...rest: unknown[]) => Promise<unknown>).apply(this, args);
    },
    { recording: true },
  );
}

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

export async function measureWarm(functions: BenchFunction[], harness: Harness, iterations: number): Promise<WarmFigure[]> {
  recordCommands();
  const figures: WarmFigure[] = [];
  const warmup = Math.max(3, Math.round(iterations / 10));
  for (const fn of functions) {
    const handler = await harness.handler(fn);
    const handlerTimes: number[] = [];
    const bareTimes: number[] = [];
    let status = fn.expectedStatus;
    let calls: string[] = [];
    // Alternate real and bare per iteration, so that both see the same machine and the same table sizes.
    for (let index = -warmup; index < iterations; index++) {
      const unique = harness.unique();
      const sample = await harness.prepare(fn, unique);
      recording = [];
      const start = performance.now();
      const response = await handler(sample.event, lambdaContext());
      const elapsed = since(start);
      const commands = recording;
      recording = undefined;
      const statusCode = response.statusCode ?? 200;
      await sample.after({ statusCode, body: parseBody(response.body) });
      if (statusCode !== fn.expectedStatus) status = statusCode;
      calls = commands.map((command) => command.constructor.name.replace(/Command$/, ''));

      const bareUnique = harness.unique();
      const bareSample = await harness.prepare(fn, bareUnique);
      const replay = commands.map((command) => ({ constructor: command.constructor, input: replaceDeep(command.input, unique, bareUnique) }));
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
    figures.push({
      function: fn.name,
      dynamodbCalls: calls,
      handler: roundSummary(real, 4),
      bare: roundSummary(bare, 4),
      ratio: { median: ratio(real.median, bare.median), p99: ratio(real.p99, bare.p99) },
      addedMicros: round((real.median - bare.median) * 1000, 1),
      status,
      expectedStatus: fn.expectedStatus,
    });
  }
  return figures;
}
