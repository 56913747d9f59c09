// The read routes in process against DynamoDB Local: ranges, pagination, engineers, summaries, bad input.
import { recordEvents } from '#shared/events/ingest';
import { handler as listEvents } from '../../../functions/events/list-events';
import { handler as listEngineerEvents } from '../../../functions/events/list-engineer-events';
import { handler as listEngineers } from '../../../functions/events/list-engineers';
import { handler as getDailySummaries } from '../../../functions/events/get-daily-summaries';
import { handler as getDailySummary } from '../../../functions/events/get-daily-summary';
import { invoke } from '../../helpers/lambda';
import {
  byTimestampThenId,
  expectedEngineers,
  expectedSummaries,
  sampleEvents,
  shiftDate,
  uniqueDays,
  uniquePrefix,
  type TestEvent,
} from '../../helpers/events';

const maxRangeDays = Number(process.env.EVENTS_MAX_RANGE_DAYS);
const days = uniqueDays(6);
const prefix = uniquePrefix('reads');
// Day 1 and day 4 are empty; day 0 and day 2 hold more than one page.
const events = sampleEvents({ days, perDay: [130, 0, 170, 40, 0, 25], engineers: 12, prefix });
const sorted = [...events].sort(byTimestampThenId);
const [first, , , , , last] = days as [string, string, string, string, string, string];

beforeAll(async () => {
  await recordEvents(events.slice(0, 500));
}, 60_000);

const getEvents = (query: Record<string, string>) => invoke(listEvents, { path: '/events', query });
const getEngineerEvents = (engineer: string, query: Record<string, string> = {}) =>
  invoke(listEngineerEvents, {
    path: `/engineers/${encodeURIComponent(engineer)}/events`,
    routePath: '/engineers/{engineer}/events',
    pathParameters: { engineer },
    query,
  });

async function walk(get: (query: Record<string, string>) => ReturnType<typeof getEvents>, query: Record<string, string>) {
  const pages: TestEvent[][] = [];
  let cursor: string | undefined;
  do {
    const answer = await get({ ...query, ...(cursor ? { cursor } : {}) });
    expect(answer.statusCode).toBe(200);
    pages.push(answer.body.events);
    cursor = answer.body.nextCursor ?? undefined;
  } while (cursor && pages.length < 100);
  return pages;
}

describe('GET /events', () => {
  it('answers the events of a date range ordered by timestamp then id', async () => {
    const answer = await getEvents({ from: first, to: last, limit: '1000' });
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual({ events: sorted, nextCursor: null });
  });

  it.each([7, 50, 130, 999])('walks the whole range in pages of %i without loss or repeat', async (limit) => {
    const pages = await walk(getEvents, { from: first, to: last, limit: String(limit) });
    for (const page of pages.slice(0, -1)) expect(page).toHaveLength(limit);
    expect(pages.flat()).toEqual(sorted);
  });

  it('treats both datetime bounds as inclusive', async () => {
    const from = sorted[10]!.timestamp;
    const to = sorted[200]!.timestamp;
    const answer = await getEvents({ from, to, limit: '1000' });
    expect(answer.body.events).toEqual(sorted.filter((event) => event.timestamp >= from && event.timestamp <= to));
  });

  // The only form in which the original API's range queries worked (SQLite's datetime(): a space, no zone).
  it('reads a bound written YYYY-MM-DD HH:MM:SS as UTC, both bounds inclusive', async () => {
    const from = sorted[10]!.timestamp;
    const to = sorted[200]!.timestamp;
    const spaced = (timestamp: string) => timestamp.replace('T', ' ').replace('Z', '');
    const answer = await getEvents({ from: spaced(from), to: spaced(to), limit: '1000' });
    expect(answer.statusCode).toBe(200);
    expect(answer.body.events).toEqual(sorted.filter((event) => event.timestamp >= from && event.timestamp <= to));
    expect(answer.body.events[0].timestamp).toBe(from);
    expect(answer.body.events.at(-1).timestamp).toBe(to);
  });

  it('pages a range of spaced bounds with the cursors it gives out', async () => {
    const query = { from: `${first} 00:00:00`, to: `${last} 23:59:59`, limit: '50' };
    expect((await walk(getEvents, query)).flat()).toEqual(sorted);
  });

  it('covers the whole day of a date-only to', async () => {
    const to = days[3]!;
    const answer = await getEvents({ from: first, to, limit: '1000' });
    expect(answer.body.events).toEqual(sorted.filter((event) => event.timestamp.slice(0, 10) <= to));
    expect(answer.body.events.some((event: TestEvent) => event.timestamp.startsWith(to))).toBe(true);
  });

  it('answers an empty range with an empty list', async () => {
    const answer = await getEvents({ from: days[1]!, to: days[1]! });
    expect(answer.body).toEqual({ events: [], nextCursor: null });
  });

  it('accepts a range of exactly maxRangeDays', async () => {
    const answer = await getEvents({ from: first, to: shiftDate(first, maxRangeDays - 1), limit: '1' });
    expect(answer.statusCode).toBe(200);
  });

  it.each([
    ['no from', { to: '2017-11-02' }, 'query.from'],
    ['no to', { from: '2017-11-02' }, 'query.to'],
    ['an unparsable from', { from: 'yesterday', to: '2017-11-02' }, 'query.from'],
    ['an impossible date', { from: '2017-02-30', to: '2017-03-02' }, 'query.from'],
    ['a time with an offset', { from: '2017-11-01T00:00:00+02:00', to: '2017-11-02' }, 'query.from'],
    ['a spaced time without seconds', { from: '2017-11-01 00:00', to: '2017-11-02' }, 'query.from'],
    ['an impossible spaced time', { from: '2017-11-01', to: '2017-11-02 24:00:00' }, 'query.to'],
    ['a spaced time with a zone', { from: '2017-11-01 00:00:00Z', to: '2017-11-02' }, 'query.from'],
    ['spaced bounds with from after to', { from: '2017-11-02 00:00:01', to: '2017-11-02 00:00:00' }, 'query.from'],
    ['from after to', { from: '2017-11-03', to: '2017-11-02' }, 'query.from'],
    ['a range over maxRangeDays', { from: '2017-01-01', to: shiftDate('2017-01-01', maxRangeDays) }, 'query.to'],
    ['limit 0', { from: '2017-11-01', to: '2017-11-02', limit: '0' }, 'query.limit'],
    ['limit 1001', { from: '2017-11-01', to: '2017-11-02', limit: '1001' }, 'query.limit'],
    ['a limit that is not a number', { from: '2017-11-01', to: '2017-11-02', limit: 'ten' }, 'query.limit'],
    ['a forged cursor', { from: '2017-11-01', to: '2017-11-02', cursor: 'bm90LWEtY3Vyc29y' }, 'query.cursor'],
    ['a cursor of another list', { from: '2017-11-01', to: '2017-11-02', cursor: Buffer.from('{"l":"engineers","k":{"after":"x"}}').toString('base64url') }, 'query.cursor'],
  ])('answers %s with 400', async (_case, query, field) => {
    const answer = await getEvents(query as Record<string, string>);
    expect(answer.statusCode).toBe(400);
    expect(answer.body.details[0].field).toBe(field);
  });

  it('answers a cursor from another range with 400', async () => {
    const page = await getEvents({ from: first, to: last, limit: '5' });
    const answer = await getEvents({ from: days[3]!, to: last, cursor: page.body.nextCursor });
    expect(answer.statusCode).toBe(400);
    expect(answer.body.details[0].field).toBe('query.cursor');
  });
});

describe('GET /engineers/{engineer}/events', () => {
  const engineer = `${prefix}-eng-3`;
  const own = sorted.filter((event) => event.engineer === engineer);

  it('answers all events of the engineer when no bounds are given', async () => {
    const answer = await getEngineerEvents(engineer, { limit: '1000' });
    expect(answer.body).toEqual({ events: own, nextCursor: null });
  });

  it('walks the engineer events in pages without loss or repeat', async () => {
    const pages = await walk((query) => getEngineerEvents(engineer, query), { limit: '4' });
    expect(pages.flat()).toEqual(own);
  });

  it('applies the bounds when given', async () => {
    const answer = await getEngineerEvents(engineer, { from: days[2]!, to: days[3]! });
    expect(answer.body.events).toEqual(own.filter((event) => event.timestamp >= `${days[2]}` && event.timestamp.slice(0, 10) <= days[3]!));
  });

  it('applies spaced bounds (YYYY-MM-DD HH:MM:SS, UTC) as the same times', async () => {
    const from = own[1]!.timestamp;
    const to = own.at(-2)!.timestamp;
    const answer = await getEngineerEvents(engineer, { from: from.replace('T', ' ').slice(0, 19), to: to.replace('T', ' ').slice(0, 19) });
    expect(answer.statusCode).toBe(200);
    expect(answer.body.events).toEqual(own.filter((event) => event.timestamp >= from && event.timestamp <= to));
  });

  it('answers an engineer without events with an empty list', async () => {
    const answer = await getEngineerEvents(`${prefix}-nobody`);
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual({ events: [], nextCursor: null });
  });

  it('answers a name with spaces and accents', async () => {
    const name = `${prefix} Zoë O'Brien`;
    const event = { id: `${prefix}-unicode`, sha: 'abcdef0', timestamp: `${uniqueDays(1)[0]}T01:02:03Z`, action: 'deploy', engineer: name };
    await recordEvents([event]);
    expect((await getEngineerEvents(name)).body.events).toEqual([event]);
  });

  it.each([
    ['from after to', { from: '2017-11-03', to: '2017-11-02' }],
    ['an unparsable to', { to: 'soon' }],
    ['a bad limit', { limit: '-1' }],
    ['a forged cursor', { cursor: '!!!' }],
  ])('answers %s with 400', async (_case, query) => {
    expect((await getEngineerEvents(engineer, query as Record<string, string>)).statusCode).toBe(400);
  });

  it("answers another engineer's cursor with 400", async () => {
    const page = await getEngineerEvents(engineer, { limit: '1' });
    const answer = await getEngineerEvents(`${prefix}-eng-4`, { cursor: page.body.nextCursor });
    expect(answer.statusCode).toBe(400);
  });

  it('answers an engineer name of 65 characters with 400', async () => {
    expect((await getEngineerEvents('e'.repeat(65))).statusCode).toBe(400);
  });
});

describe('GET /engineers', () => {
  it('lists every engineer sorted by name with count, firstSeen and lastSeen, across pages', async () => {
    const seen: { engineer: string }[] = [];
    let cursor: string | undefined;
    do {
      const answer = await invoke(listEngineers, { path: '/engineers', query: { limit: '7', ...(cursor ? { cursor } : {}) } });
      expect(answer.statusCode).toBe(200);
      seen.push(...answer.body.engineers);
      cursor = answer.body.nextCursor ?? undefined;
    } while (cursor);
    const names = seen.map((entry) => entry.engineer);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([...names].sort());
    const ours = seen.filter((entry) => entry.engineer.startsWith(`${prefix}-eng-`));
    expect(ours).toEqual([...expectedEngineers(events).values()].sort((a, b) => (a.engineer < b.engineer ? -1 : 1)));
  });

  it.each([['a bad limit', { limit: '0' }], ['a forged cursor', { cursor: 'e30' }]])('answers %s with 400', async (_case, query) => {
    expect((await invoke(listEngineers, { path: '/engineers', query })).statusCode).toBe(400);
  });
});

describe('GET /summaries/daily', () => {
  it('answers every day of the range with counts computed from the events, zeros for empty days', async () => {
    const answer = await invoke(getDailySummaries, { path: '/summaries/daily', query: { from: first, to: last } });
    expect(answer.statusCode).toBe(200);
    expect(answer.body.days).toEqual(expectedSummaries(events, first, last));
    expect(answer.body.days.map((day: { date: string }) => day.date)).toEqual(days);
  });

  it('counts the change of the first day against the day before the range', async () => {
    const answer = await invoke(getDailySummaries, { path: '/summaries/daily', query: { from: days[3]!, to: days[3]! } });
    const [day] = answer.body.days;
    expect(day.change.total).toBe(40 - 170);
    expect(day).toEqual(expectedSummaries(events, days[3]!, days[3]!)[0]);
  });

  it('answers a range with no events at all with zeros', async () => {
    const [empty] = uniqueDays(1);
    const answer = await invoke(getDailySummaries, { path: '/summaries/daily', query: { from: empty!, to: empty! } });
    expect(answer.body.days).toEqual([{ date: empty, total: 0, actions: {}, engineers: 0, change: { total: 0, actions: {} } }]);
  });

  it.each([
    ['no from', { to: '2017-11-02' }],
    ['a datetime instead of a date', { from: '2017-11-01T00:00:00Z', to: '2017-11-02' }],
    ['an impossible date', { from: '2017-02-29', to: '2017-03-02' }],
    ['from after to', { from: '2017-11-03', to: '2017-11-02' }],
    ['a range over maxRangeDays', { from: '2017-01-01', to: shiftDate('2017-01-01', maxRangeDays) }],
  ])('answers %s with 400', async (_case, query) => {
    const answer = await invoke(getDailySummaries, { path: '/summaries/daily', query: query as Record<string, string> });
    expect(answer.statusCode).toBe(400);
    expect(typeof answer.body.error).toBe('string');
  });
});

describe('GET /summaries/daily/{date}', () => {
  const getDay = (date: string) =>
    invoke(getDailySummary, { path: `/summaries/daily/${date}`, routePath: '/summaries/daily/{date}', pathParameters: { date } });

  it('answers one day with its counts and the change from the day before', async () => {
    const answer = await getDay(days[2]!);
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toEqual(expectedSummaries(events, days[2]!, days[2]!)[0]);
  });

  it.each(['2017-02-30', '2017-13-01', '20171101', 'today'])('answers the invalid date %s with 400', async (date) => {
    const answer = await getDay(date);
    expect(answer.statusCode).toBe(400);
    expect(answer.body.details[0].field).toBe('path.date');
  });
});
