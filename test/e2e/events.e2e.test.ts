// The events routes over real HTTP through sls offline, as docs/API.md specifies them.
import { expectContractError, request, type HttpAnswer } from '../helpers/http';
import { bearer, tokenWithScope } from '../helpers/tokens';
import { byTimestampThenId, expectedEngineers, expectedSummaries, sampleEvents, uniqueDays, uniquePrefix } from '../helpers/events';

const days = uniqueDays(3);
const prefix = uniquePrefix('e2e');
const events = sampleEvents({ days, perDay: [30, 0, 20], engineers: 5, prefix });
let auth: Record<string, string>;

beforeAll(async () => {
  auth = bearer(await tokenWithScope('events:write'));
});

const postEvents = (json: unknown, headers = auth) => request('/events', { method: 'POST', headers, json });

describe('events over HTTP', () => {
  it('POST /events stores a batch and the same batch sent 10 times in parallel is stored once', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, () => postEvents({ events })));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(201));
    expect(answers.reduce((sum, answer) => sum + answer.body.created, 0)).toBe(events.length);
    expect(answers.reduce((sum, answer) => sum + answer.body.duplicates, 0)).toBe(9 * events.length);
  }, 120_000);

  it('GET /events walks the range in pages without loss or repeat', async () => {
    const seen = [];
    let cursor: string | null | undefined = null;
    do {
      const query: URLSearchParams = new URLSearchParams({ from: days[0]!, to: days[2]!, limit: '8', ...(cursor ? { cursor } : {}) });
      const answer: HttpAnswer = await request(`/events?${query}`);
      expect(answer.status).toBe(200);
      seen.push(...answer.body.events);
      cursor = answer.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...events].sort(byTimestampThenId));
  });

  it('GET /engineers/{engineer}/events answers the events of a URL-encoded name', async () => {
    const engineer = `${prefix}-eng-2`;
    const answer = await request(`/engineers/${encodeURIComponent(engineer)}/events`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ events: [...events].sort(byTimestampThenId).filter((event) => event.engineer === engineer), nextCursor: null });
  });

  it('GET /engineers lists the engineers with exact counts', async () => {
    const ours = [];
    let cursor: string | null | undefined = null;
    do {
      const answer: HttpAnswer = await request(`/engineers?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
      expect(answer.status).toBe(200);
      ours.push(...answer.body.engineers.filter((entry: { engineer: string }) => entry.engineer.startsWith(prefix)));
      cursor = answer.body.nextCursor;
    } while (cursor);
    expect(ours).toEqual([...expectedEngineers(events).values()].sort((a, b) => (a.engineer < b.engineer ? -1 : 1)));
  });

  it('GET /summaries/daily answers every day with the independently counted numbers', async () => {
    const answer = await request(`/summaries/daily?from=${days[0]}&to=${days[2]}`);
    expect(answer.status).toBe(200);
    expect(answer.body.days).toEqual(expectedSummaries(events, days[0]!, days[2]!));
  });

  it('GET /summaries/daily/{date} answers one day', async () => {
    const answer = await request(`/summaries/daily/${days[2]}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(expectedSummaries(events, days[2]!, days[2]!)[0]);
  });

  it('GET /summaries/daily/{date} answers an impossible date with 400', async () => {
    expectContractError(await request('/summaries/daily/2017-02-30'), 400);
  });

  it('GET /events answers a missing bound with 400', async () => {
    expectContractError(await request('/events?from=2017-11-01'), 400);
  });

  it('POST /events answers 401 without a token and 403 without the scope', async () => {
    const event = events[0]!;
    const none = await postEvents(event, {});
    expectContractError(none, 401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expectContractError(await postEvents(event, bearer(await tokenWithScope('assets:write'))), 403);
  });

  it('POST /events answers a stored id with different content with 409', async () => {
    const answer = await postEvents({ ...events[0]!, action: 'rollback', sha: 'fedcba9' });
    expectContractError(answer, 409);
    expect(answer.body.error).toContain(events[0]!.id);
  });

  it('POST /events answers a bad timestamp with 400 naming the event', async () => {
    const answer = await postEvents({ events: [events[0], { ...events[1]!, timestamp: '2017-11-02 17:59:39' }] });
    expectContractError(answer, 400);
    expect(answer.body.details[0].field).toBe('body.events.1.timestamp');
  });
});
