// Load without loss: autocannon with 50 connections against the run's sls offline, mixing reads and writes
// (new users, creates of ids already sent, event batches with duplicates inside, batches sent again while
// the first copy may still be in flight). Afterwards every count the API reports (users, events, daily
// summaries, engineers) equals what this test computes from what it sent and what answered 2xx, and no
// request got a 5xx. LOAD_REQUESTS sets the number of requests (default 10,000).
import fs from 'node:fs';
import path from 'node:path';
import { request } from '../helpers/http';
import { tokenWithScope } from '../helpers/tokens';
import { baseUrl } from '../stage';
import {
  expectedEngineers,
  expectSummariesOver,
  instant,
  pipelineEvent,
  privateDays,
  readAll,
  runId,
  storedEventsOver,
  userBody,
  type Caller,
  type PipelineEvent,
} from './contract';

// autocannon ships no types: the little of its API used here.
interface LoadResult {
  duration: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
  latency: { p50: number; p99: number; max: number };
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<LoadResult>;

const TOTAL = Number(process.env.LOAD_REQUESTS || 10_000);
const CONNECTIONS = 50;

type Op =
  | { kind: 'createUser' | 'createUserAgain'; userId: string }
  | { kind: 'postEvents' | 'postEventsAgain'; batch: PipelineEvent[] }
  | { kind: 'read'; path: string };

/** The statuses each kind of request may answer with; anything else is reported. */
const ALLOWED: Record<Op['kind'], number[]> = {
  // Either create of an id may win the race (a repeat can overtake the first on another connection);
  // that exactly one of them gets the 201 is checked below.
  createUser: [201, 409],
  createUserAgain: [201, 409],
  postEvents: [201],
  postEventsAgain: [201],
  read: [200, 404],
};

const http: Caller = async (method, target, init = {}) => {
  const answer = await request(target, { method, json: init.json, headers: init.headers });
  return { status: answer.status, body: answer.body, headers: Object.fromEntries(answer.headers) };
};

/** One stream of traffic: its own users, engineers and days, so that its counts can be computed exactly. */
class Traffic {
  readonly prefix = `load-${runId()}`;
  readonly days = privateDays(5);
  readonly engineers = Array.from({ length: 10 }, (_, i) => `${this.prefix}-eng${i}`);
  readonly users: string[] = [];
  readonly batches: PipelineEvent[][] = [];
  readonly outcomes: { op: Op; status: number; body: string }[] = [];
  private eventCounter = 0;

  private newBatch(): PipelineEvent[] {
    const size = 1 + Math.floor(Math.random() * 20);
    const batch: PipelineEvent[] = [];
    for (let i = 0; i < size; i += 1) {
      const n = (this.eventCounter += 1);
      batch.push(pipelineEvent(`${this.prefix}-ev${n}`, this.engineers[n % 10]!, this.days[n % 5]!, n * 13, ['stage', 'deploy', 'build'][n % 3]!));
    }
    // A deliberate duplicate inside the batch: the same event, same content, twice.
    if (Math.random() < 0.3) batch.push({ ...batch[0]! });
    this.batches.push(batch);
    return batch;
  }

  private newUser(): Op {
    const userId = `${this.prefix}-u${this.users.length}`;
    this.users.push(userId);
    return { kind: 'createUser', userId };
  }

  nextOp(): Op {
    const roll = Math.random();
    const { users, batches, days, engineers } = this;
    if (roll < 0.25 || users.length === 0) return this.newUser();
    if (roll < 0.3) return { kind: 'createUserAgain', userId: pick(users) };
    if (roll < 0.55 || batches.length === 0) return { kind: 'postEvents', batch: this.newBatch() };
    if (roll < 0.65) return { kind: 'postEventsAgain', batch: pick(batches) };
    const reads = [
      `/users/${encodeURIComponent(pick(users))}`,
      '/users?limit=20',
      `/summaries/daily?from=${days[0]}&to=${days[4]}`,
      `/summaries/daily/${pick(days)}`,
      '/engineers',
      `/events?from=${pick(days)}&to=${days[4]}&limit=50`,
      `/engineers/${encodeURIComponent(pick(engineers))}/events?limit=20`,
      '/health',
    ];
    return { kind: 'read', path: pick(reads) };
  }

  /** `count` new users or new event batches sent at once; resolves when all are answered (failures recorded, not thrown). */
  async burst(kind: 'createUser' | 'postEvents', count: number, token: string): Promise<void> {
    await Promise.all(
      Array.from({ length: count }, async () => {
        const op: Op = kind === 'createUser' ? this.newUser() : { kind, batch: this.newBatch() };
        const { method, path: target, headers, body } = toRequest(op, token);
        try {
          const answer = await request(target, { method, headers, body, signal: AbortSignal.timeout(60_000) });
          this.outcomes.push({ op, status: answer.status, body: answer.text });
        } catch (error) {
          this.outcomes.push({ op, status: 0, body: String(error) });
        }
      }),
    );
  }

  /** Sends `total` requests over CONNECTIONS connections; every connection waits for each answer, so
   * no request is cut off at the end and the outcome of every write is known. */
  run(total: number, token: string): Promise<LoadResult> {
    return autocannon({
      url: baseUrl,
      connections: CONNECTIONS,
      maxConnectionRequests: Math.ceil(total / CONNECTIONS),
      duration: 600,
      timeout: 60,
      requests: [
        {
          setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
            const op = this.nextOp();
            context.op = op;
            return { ...req, ...toRequest(op, token) };
          },
          onResponse: (status: number, body: string, context: Record<string, unknown>) => {
            this.outcomes.push({ op: context.op as Op, status, body });
          },
        },
      ],
    });
  }
}

const pick = <T>(items: T[]): T => items[Math.floor(Math.random() * items.length)]!;

function toRequest(op: Op, token: string): { method: string; path: string; headers?: Record<string, string>; body?: string } {
  const json = { 'content-type': 'application/json' };
  switch (op.kind) {
    case 'createUser':
    case 'createUserAgain':
      return { method: 'POST', path: '/users', headers: json, body: JSON.stringify(userBody(op.userId)) };
    case 'postEvents':
    case 'postEventsAgain':
      return { method: 'POST', path: '/events', headers: { ...json, authorization: `Bearer ${token}` }, body: JSON.stringify({ events: op.batch }) };
    case 'read':
      return { method: 'GET', path: op.path };
  }
}

const traffic = new Traffic();
const { prefix, days, users, outcomes } = traffic;
let result: LoadResult;
let warmUp: Traffic;
let token: string;

beforeAll(async () => {
  token = await tokenWithScope('events:write');
  // Warm-up, not counted: sls offline runs each concurrent invocation of a function in a worker of its own,
  // and starts one (a cold start: loading the bundle, ~0.3 s of CPU) whenever all of that function's are busy.
  // On AWS each gets its own CPU; here, on 2 cores, a run of them starves every request and DynamoDB Local for
  // seconds. After a warm-up of the mix alone, POST /events kept starting workers well into the measured run, as
  // its requests piled up behind DynamoDB Local's transactions (it runs them one at a time). So: CONNECTIONS at
  // once of each write first, as many workers as there can be concurrent requests, then the mix; local stages
  // keep idle workers 15 min (terminateIdleLambdaTime in config/local.ts).
  // Its answers are recorded in the summary, not asserted.
  warmUp = new Traffic();
  await warmUp.burst('postEvents', CONNECTIONS, token);
  await warmUp.burst('createUser', CONNECTIONS, token);
  await warmUp.run(4 * CONNECTIONS, token);
  result = await traffic.run(TOTAL, token);
  const statusCounts = (list: { status: number }[]) =>
    list.reduce<Record<number, number>>((counts, { status }) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});
  fs.mkdirSync(path.join(__dirname, '..', 'artifacts'), { recursive: true });
  fs.writeFileSync(
    path.join(__dirname, '..', 'artifacts', 'load-summary.json'),
    JSON.stringify({
      requests: outcomes.length,
      connections: CONNECTIONS,
      durationSeconds: result.duration,
      errors: result.errors,
      timeouts: result.timeouts,
      statuses: statusCounts(outcomes),
      latencyMs: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
      warmUp: { requests: warmUp.outcomes.length, statuses: statusCounts(warmUp.outcomes) },
    }, null, 2),
  );
}, 900_000);

const created = () => outcomes.filter((o) => o.status === 201);
const acceptedEvents = () => {
  const events = new Map<string, PipelineEvent>();
  for (const { op } of created()) if ('batch' in op) for (const event of op.batch) events.set(event.id, event);
  return events;
};

describe(`load: ${TOTAL} requests over ${CONNECTIONS} connections`, () => {
  it(`every request was answered: at least ${TOTAL}, no connection error, no timeout`, () => {
    expect(outcomes.length).toBeGreaterThanOrEqual(TOTAL);
    expect(result.errors).toBe(0);
    expect(result.timeouts).toBe(0);
  });

  it('no request got a 5xx, and every request got a status its kind allows', () => {
    const unexpected = outcomes
      // sls offline answers a Lambda timeout with a 200 carrying errorType and a stack trace: never acceptable.
      .filter(({ op, status, body }) => status >= 500 || !ALLOWED[op.kind].includes(status) || /"errorType"|"stackTrace"/.test(body))
      .map(({ op, status, body }) => `${op.kind} ${'path' in op ? op.path : ''} -> ${status} ${body.slice(0, 200)}`);
    expect(unexpected.slice(0, 20)).toEqual([]);
    expect(outcomes.filter((o) => o.status >= 500)).toHaveLength(0);
  });

  it('each userId got exactly one 201, however many creates raced for it', () => {
    const wins = new Map<string, number>();
    for (const { op, status } of outcomes) if ('userId' in op && status === 201) wins.set(op.userId, (wins.get(op.userId) ?? 0) + 1);
    expect([...wins.values()].filter((count) => count !== 1)).toEqual([]);
    const noWin = users.filter((userId) => !wins.has(userId));
    const answersOf = (userId: string) =>
      outcomes.filter(({ op }) => 'userId' in op && op.userId === userId).map(({ op, status, body }) => `${op.kind} -> ${status} ${body.slice(0, 120)}`);
    expect(noWin.map((userId) => `${userId}: ${answersOf(userId).join('; ') || 'no answer'}`)).toEqual([]);
  });

  it('the stored users are exactly those whose create answered 201', async () => {
    const stored = (await readAll<{ userId: string; name: string }>(http, '/users', 'users')).filter((user) => user.userId.startsWith(`${prefix}-`));
    const expected = new Set(created().flatMap(({ op }) => ('userId' in op ? [op.userId] : [])));
    expect(stored.length).toBe(expected.size);
    expect(new Set(stored.map((user) => user.userId))).toEqual(expected);
  }, 120_000);

  // A batch that answered 503 may be partly written (a big batch takes several transactions): the client
  // does what the 503 says and sends it again. After those retries the stored events are exact.
  const failedBatches = () => outcomes.filter(({ op, status }) => 'batch' in op && status >= 500).map(({ op }) => (op as { batch: PipelineEvent[] }).batch);
  let stored: PipelineEvent[] = [];
  /** The stored events as they were sent (the API may write a timestamp differently). */
  const withSentContent = (events: PipelineEvent[]) => {
    const sent = new Map(traffic.batches.flat().map((event) => [event.id, event]));
    return events.map((event) => sent.get(event.id) ?? event);
  };

  it('the stored events are exactly those of the batches that answered 201 (and of failed ones, once retried), each once', async () => {
    for (const batch of failedBatches()) {
      const retry = await http('POST', '/events', { json: { events: batch }, headers: { authorization: `Bearer ${token}` } });
      expect(retry.status).toBe(201);
    }
    stored = await storedEventsOver(http, days);
    const expected = new Set([...acceptedEvents().keys(), ...failedBatches().flat().map((event) => event.id)]);
    expect(stored.length).toBe(expected.size);
    expect(new Set(stored.map((event) => event.id))).toEqual(expected);
  }, 120_000);

  it('"created" over all answers adds up to the stored events, and created + duplicates to what was sent', () => {
    let createdCount = 0;
    let sent = 0;
    for (const { op, status, body } of outcomes) {
      if (!('batch' in op) || status !== 201) continue;
      const answer = JSON.parse(body) as { created: number; duplicates: number };
      createdCount += answer.created;
      sent += answer.created + answer.duplicates;
      expect(answer.created + answer.duplicates).toBe(op.batch.length);
    }
    // Events first written by a batch whose answer was a 503 (before its retry) are counted by no "created".
    const writtenByFailed = new Set(failedBatches().flat().map((event) => event.id));
    expect(createdCount).toBeLessThanOrEqual(stored.length);
    expect(stored.length - createdCount).toBeLessThanOrEqual(writtenByFailed.size);
    if (writtenByFailed.size === 0) expect(createdCount).toBe(stored.length);
    expect(sent).toBeGreaterThan(createdCount); // the duplicates and retries were really sent
  });

  it('the daily summaries equal the counts computed from the stored events', async () => {
    await expectSummariesOver(http, days, withSentContent(stored));
  });

  it('the engineers list equals the counts, first and last seen computed from the stored events', async () => {
    // Every page: engineers of other suites in this run may sort before this run's.
    const engineers = await readAll<{ engineer: string; events: number; firstSeen: string; lastSeen: string }>(http, '/engineers', 'engineers');
    const reported = Object.fromEntries(
      engineers
        .filter((entry) => entry.engineer.startsWith(`${prefix}-`))
        .map((entry) => [entry.engineer, { events: entry.events, firstSeen: instant(entry.firstSeen), lastSeen: instant(entry.lastSeen) }]),
    );
    const expected = Object.fromEntries(
      Object.entries(expectedEngineers(withSentContent(stored))).map(([name, entry]) => [
        name,
        { events: entry.events, firstSeen: instant(entry.firstSeen), lastSeen: instant(entry.lastSeen) },
      ]),
    );
    expect(reported).toEqual(expected);
  });
});
