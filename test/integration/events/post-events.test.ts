// POST /events in process against DynamoDB Local: exactly-once writes, conflicts, validation, auth.
import { handler as postEvents } from '../../../functions/events/post-events';
import { handler as listEngineerEvents } from '../../../functions/events/list-engineer-events';
import { handler as listEvents } from '../../../functions/events/list-events';
import { handler as listEngineers } from '../../../functions/events/list-engineers';
import { handler as getDailySummaries } from '../../../functions/events/get-daily-summaries';
import * as store from '#shared/events/ingest-store';
import { apiGatewayEvent, lambdaContext, type EventInput } from '../../helpers/lambda';
import { badTokens, bearer, tokenWithScope } from '../../helpers/tokens';
import {
  byTimestampThenId,
  expectedEngineers,
  expectedSummaries,
  sampleEvents,
  uniqueDays,
  uniquePrefix,
  type TestEvent,
} from '../../helpers/events';

let auth: Record<string, string>;
beforeAll(async () => {
  auth = bearer(await tokenWithScope('events:write'));
});

/** Like `invoke`, with the time the function has when deployed (timeout 29 s in its route spec). */
async function invoke(handler: typeof postEvents, input: EventInput, remainingMs = 10_000) {
  const result = await handler(apiGatewayEvent(input), { ...lambdaContext(), getRemainingTimeInMillis: () => remainingMs });
  return { statusCode: result.statusCode ?? 200, headers: (result.headers ?? {}) as Record<string, string>, body: JSON.parse(result.body ?? 'null') };
}

const post = (json: unknown, headers: Record<string, string> = auth) =>
  invoke(postEvents, { method: 'POST', path: '/events', headers, json }, 29_000);

const eventsOf = async (engineer: string) => {
  const answer = await invoke(listEngineerEvents, {
    path: `/engineers/${engineer}/events`,
    routePath: '/engineers/{engineer}/events',
    pathParameters: { engineer },
    query: { limit: '1000' },
  });
  expect(answer.statusCode).toBe(200);
  return answer.body.events as TestEvent[];
};

async function allEvents(from: string, to: string, limit = 1000): Promise<TestEvent[]> {
  const events: TestEvent[] = [];
  let cursor: string | undefined;
  do {
    const answer = await invoke(listEvents, { path: '/events', query: { from, to, limit: String(limit), ...(cursor ? { cursor } : {}) } });
    expect(answer.statusCode).toBe(200);
    events.push(...answer.body.events);
    cursor = answer.body.nextCursor ?? undefined;
  } while (cursor);
  return events;
}

async function engineersWithPrefix(prefix: string) {
  const found = [];
  let cursor: string | undefined;
  do {
    const answer = await invoke(listEngineers, { path: '/engineers', query: { limit: '1000', ...(cursor ? { cursor } : {}) } });
    found.push(...answer.body.engineers.filter((entry: { engineer: string }) => entry.engineer.startsWith(prefix)));
    cursor = answer.body.nextCursor ?? undefined;
  } while (cursor);
  return found;
}

const summaries = async (from: string, to: string) =>
  (await invoke(getDailySummaries, { path: '/summaries/daily', query: { from, to } })).body.days;

function oneEvent(overrides: Partial<TestEvent> = {}): TestEvent {
  const prefix = uniquePrefix('one');
  return {
    id: prefix,
    sha: 'abcdef1234567',
    timestamp: `${uniqueDays(1)[0]}T12:00:00Z`,
    action: 'deploy',
    engineer: `${prefix}-eng`,
    ...overrides,
  };
}

describe('POST /events', () => {
  it('stores one event and answers 201 with created 1', async () => {
    const event = oneEvent();
    const answer = await post(event);
    expect(answer.statusCode).toBe(201);
    expect(answer.body).toEqual({ created: 1, duplicates: 0 });
    expect(await eventsOf(event.engineer)).toEqual([event]);
  });

  it('counts a re-sent event as a duplicate and stores it once', async () => {
    const event = oneEvent();
    await post(event);
    const again = await post(event);
    expect(again.statusCode).toBe(201);
    expect(again.body).toEqual({ created: 0, duplicates: 1 });
    expect(await eventsOf(event.engineer)).toHaveLength(1);
    const [day] = await summaries(event.timestamp.slice(0, 10), event.timestamp.slice(0, 10));
    expect(day).toMatchObject({ total: 1, engineers: 1, actions: { deploy: 1 } });
  });

  it('counts an event repeated with the same content inside one batch once', async () => {
    const event = oneEvent();
    const answer = await post({ events: [event, event, event] });
    expect(answer.body).toEqual({ created: 1, duplicates: 2 });
    expect(await eventsOf(event.engineer)).toHaveLength(1);
  });

  it('stores a sha in lowercase and treats the uppercase one as the same content', async () => {
    const event = oneEvent({ sha: 'ABCDEF1234567' });
    expect((await post(event)).body).toEqual({ created: 1, duplicates: 0 });
    expect((await post({ ...event, sha: 'abcdef1234567' })).body).toEqual({ created: 0, duplicates: 1 });
    expect((await eventsOf(event.engineer))[0]!.sha).toBe('abcdef1234567');
  });

  it('answers 409 naming the id when a stored id is sent with different content, and writes nothing of the request', async () => {
    const stored = oneEvent();
    await post(stored);
    const fresh = oneEvent({ engineer: stored.engineer, timestamp: stored.timestamp.replace('12:00', '13:00') });
    const answer = await post({ events: [fresh, { ...stored, action: 'stage' }] });
    expect(answer.statusCode).toBe(409);
    expect(answer.body.error).toContain(stored.id);
    expect(answer.body.details).toEqual([{ field: 'id', message: expect.stringContaining(stored.id) }]);
    expect(await eventsOf(stored.engineer)).toEqual([stored]);
  });

  it('answers 409 when one batch holds an id twice with different content, and writes nothing', async () => {
    const event = oneEvent();
    const answer = await post({ events: [event, { ...event, sha: 'fedcba7654321' }] });
    expect(answer.statusCode).toBe(409);
    expect(answer.body.error).toContain(event.id);
    expect(await eventsOf(event.engineer)).toEqual([]);
  });

  it('stores a batch of 1000 events across transactions with exact counts', async () => {
    const days = uniqueDays(4);
    const prefix = uniquePrefix('big');
    const events = sampleEvents({ days, perDay: [300, 0, 400, 300], engineers: 150, prefix });
    const answer = await post({ events });
    expect(answer.body).toEqual({ created: 1000, duplicates: 0 });
    expect(await summaries(days[0]!, days[3]!)).toEqual(expectedSummaries(events, days[0]!, days[3]!));
    expect(await allEvents(days[0]!, days[3]!)).toEqual([...events].sort(byTimestampThenId));
  }, 120_000);

  it('leaves every count exact when the same batch is posted 10 times in parallel', async () => {
    const days = uniqueDays(3);
    const prefix = uniquePrefix('race');
    const events = sampleEvents({ days, perDay: [40, 50, 30], engineers: 25, prefix });
    const answers = await Promise.all(Array.from({ length: 10 }, () => post({ events })));
    for (const answer of answers) {
      expect(answer.statusCode).toBe(201);
      expect(answer.body.created + answer.body.duplicates).toBe(events.length);
    }
    expect(answers.reduce((sum, answer) => sum + answer.body.created, 0)).toBe(events.length);
    expect(await summaries(days[0]!, days[2]!)).toEqual(expectedSummaries(events, days[0]!, days[2]!));
    expect(await allEvents(days[0]!, days[2]!)).toEqual([...events].sort(byTimestampThenId));
    const engineers = await engineersWithPrefix(prefix);
    expect(engineers).toEqual([...expectedEngineers(events).values()].sort((a, b) => (a.engineer < b.engineer ? -1 : 1)));
  }, 120_000);

  it('counts overlapping batches posted in parallel exactly once each', async () => {
    const days = uniqueDays(2);
    const prefix = uniquePrefix('overlap');
    const events = sampleEvents({ days, perDay: [60, 60], engineers: 10, prefix });
    const batches = [events.slice(0, 80), events.slice(40, 120), events.slice(20, 100), events];
    const answers = await Promise.all(batches.map((batch) => post({ events: batch })));
    expect(answers.map((answer) => answer.statusCode)).toEqual([201, 201, 201, 201]);
    expect(answers.reduce((sum, answer) => sum + answer.body.created, 0)).toBe(events.length);
    expect(await summaries(days[0]!, days[1]!)).toEqual(expectedSummaries(events, days[0]!, days[1]!));
  }, 120_000);

  it('keeps firstSeen and lastSeen at the earliest and latest event whatever the order of the writes', async () => {
    const prefix = uniquePrefix('seen');
    const engineer = `${prefix}-eng`;
    const [day] = uniqueDays(1);
    const at = (time: string, n: number) => oneEvent({ id: `${prefix}-${n}`, engineer, timestamp: `${day}T${time}Z` });
    await post(at('12:00:00', 1));
    await post({ events: [at('18:00:00', 2), at('06:00:00', 3)] });
    await post(at('09:00:00', 4));
    expect(await engineersWithPrefix(prefix)).toEqual([
      { engineer, events: 4, firstSeen: `${day}T06:00:00Z`, lastSeen: `${day}T18:00:00Z` },
    ]);
  });

  it("writes a transaction overtaken on an engineer's span again at once, without planning again, and widens the span after", async () => {
    const prefix = uniquePrefix('overtaken');
    const engineer = `${prefix}-eng`;
    const [day] = uniqueDays(1);
    const at = (time: string, n: number) => oneEvent({ id: `${prefix}-${n}`, engineer, timestamp: `${day}T${time}Z` });
    expect((await post(at('12:00:00', 1))).statusCode).toBe(201);
    const readState = store.planningState;
    const planning = jest.spyOn(store, 'planningState').mockImplementationOnce(async (...args) => {
      const state = await readState(...args);
      // Between this request's read and its transaction, another one widens lastSeen further than this one would.
      expect((await post(at('20:00:00', 4))).statusCode).toBe(201);
      return state;
    });
    const writes = jest.spyOn(store, 'writeTransaction');
    try {
      // This batch widens both ends of the span read (12:00): its transaction is cancelled on lastSeen alone.
      const answer = await post({ events: [at('15:00:00', 2), at('09:00:00', 3)] });
      expect(answer.statusCode).toBe(201);
      expect(answer.body).toEqual({ created: 2, duplicates: 0 });
      expect(planning).toHaveBeenCalledTimes(2); // this request's read, the other one's: no planning again
      const outcomes = await Promise.all(writes.mock.results.map((result) => result.value));
      expect(outcomes).toEqual([{ written: true }, { written: false, claimed: false, overtaken: [engineer] }, { written: true }]);
    } finally {
      planning.mockRestore();
      writes.mockRestore();
    }
    // firstSeen, which the transaction that went again left alone, was widened after it.
    expect(await engineersWithPrefix(prefix)).toEqual([
      { engineer, events: 4, firstSeen: `${day}T09:00:00Z`, lastSeen: `${day}T20:00:00Z` },
    ]);
    expect(await summaries(day!, day!)).toEqual([expect.objectContaining({ date: day, total: 4, engineers: 1 })]);
  });
});

describe('POST /events refuses bad input with 400 and writes nothing', () => {
  const expectNothingWritten = async (engineer: string) => expect(await eventsOf(engineer)).toEqual([]);

  it.each([
    ['a timestamp without a zone', { timestamp: '2017-11-02T17:59:39' }, 'body.events.1.timestamp'],
    ['a timestamp with an offset', { timestamp: '2017-11-02T17:59:39+01:00' }, 'body.events.1.timestamp'],
    ['a date-only timestamp', { timestamp: '2017-11-02' }, 'body.events.1.timestamp'],
    ['an impossible date', { timestamp: '2017-02-30T10:00:00Z' }, 'body.events.1.timestamp'],
    ['a unix time', { timestamp: 1509645579 }, 'body.events.1.timestamp'],
    ['a sha that is not hex', { sha: 'xyz1234567' }, 'body.events.1.sha'],
    ['a sha too short', { sha: 'abc12' }, 'body.events.1.sha'],
    ['an action with capitals', { action: 'Deploy' }, 'body.events.1.action'],
    ['an action of two words', { action: 'deploy now' }, 'body.events.1.action'],
    ['an empty engineer', { engineer: '' }, 'body.events.1.engineer'],
    ['an engineer of 65 characters', { engineer: 'e'.repeat(65) }, 'body.events.1.engineer'],
    ['an id with a space', { id: 'a b' }, 'body.events.1.id'],
    ['a missing id', { id: undefined }, 'body.events.1.id'],
  ])('%s in the second event', async (_case, change, field) => {
    const good = oneEvent();
    const bad = { ...oneEvent({ engineer: good.engineer }), ...change };
    const answer = await post({ events: [good, bad] });
    expect(answer.statusCode).toBe(400);
    expect(answer.body.details[0].field).toBe(field);
    expect(answer.body.error).toBe(answer.body.details[0].message);
    await expectNothingWritten(good.engineer);
  });

  it('an unknown field in an event, naming it', async () => {
    const good = oneEvent();
    const answer = await post({ events: [good, { ...oneEvent({ engineer: good.engineer }), date: 1509645579 }] });
    expect(answer.statusCode).toBe(400);
    expect(answer.body.error).toMatch(/unknown field date/);
    await expectNothingWritten(good.engineer);
  });

  it('an unknown field beside events', async () => {
    const good = oneEvent();
    const answer = await post({ events: [good], dryRun: true });
    expect(answer.statusCode).toBe(400);
    expect(answer.body.error).toMatch(/unknown field dryRun/);
    await expectNothingWritten(good.engineer);
  });

  it('an empty batch', async () => {
    const answer = await post({ events: [] });
    expect(answer.statusCode).toBe(400);
    expect(answer.body.error).toBe('events must hold 1 to 1000 events');
  });

  it('a batch of 1001 events', async () => {
    const good = oneEvent();
    const events = Array.from({ length: 1001 }, (_, n) => ({ ...good, id: `${good.id}-${n}` }));
    const answer = await post({ events });
    expect(answer.statusCode).toBe(400);
    expect(answer.body.error).toBe('events must hold 1 to 1000 events');
    await expectNothingWritten(good.engineer);
  });

  it.each([
    ['an array', [1, 2]],
    ['a string', 'event'],
    ['null', null],
  ])('a body that is %s', async (_case, body) => {
    const answer = await post(body);
    expect(answer.statusCode).toBe(400);
    expect(typeof answer.body.error).toBe('string');
  });
});

describe('POST /events authentication', () => {
  it('answers 401 without a token', async () => {
    const event = oneEvent();
    const answer = await post(event, {});
    expect(answer.statusCode).toBe(401);
    expect(answer.body).toEqual({ error: 'Not authenticated' });
    expect(answer.headers['WWW-Authenticate']).toBe('Bearer');
    expect(await eventsOf(event.engineer)).toEqual([]);
  });

  it('answers 403 to a token without the events:write scope', async () => {
    const event = oneEvent();
    const answer = await post(event, bearer(await tokenWithScope('assets:write')));
    expect(answer.statusCode).toBe(403);
    expect(answer.body.error).toContain('events:write');
    expect(await eventsOf(event.engineer)).toEqual([]);
  });

  it('answers 401 to every kind of bad token', async () => {
    for (const [name, token] of Object.entries(await badTokens('events:write'))) {
      const answer = await post(oneEvent(), bearer(token));
      expect({ name, status: answer.statusCode }).toEqual({ name, status: 401 });
    }
  });
});
