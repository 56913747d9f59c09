// GET /engineers/{engineer} in process against DynamoDB Local: one engineer's totals, kept exact by the ingest.
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '#shared/config/index';
import { dynamo } from '#shared/dynamo/client';
import { recordEvents } from '#shared/events/ingest';
import { engineerKey } from '#shared/events/keys';
import { handler as getEngineer } from '../../../functions/events/get-engineer';
import { invoke } from '../../helpers/lambda';
import { sampleEvents, uniqueDays, uniquePrefix, type TestEvent } from '../../helpers/events';

const get = (engineer: string) =>
  invoke(getEngineer, { path: `/engineers/${encodeURIComponent(engineer)}`, routePath: '/engineers/{engineer}', pathParameters: { engineer } });

/** What the answer must say for these events of one engineer, computed here from the events themselves. */
function expectedTotals(engineer: string, events: TestEvent[]) {
  const own = events.filter((event) => event.engineer === engineer);
  const actions: Record<string, number> = {};
  for (const { action } of own) actions[action] = (actions[action] ?? 0) + 1;
  const times = own.map((event) => event.timestamp).sort();
  return { engineer, events: own.length, actions, firstSeen: times[0], lastSeen: times.at(-1) };
}

describe('GET /engineers/{engineer}', () => {
  const prefix = uniquePrefix('totals');
  const events = sampleEvents({ days: uniqueDays(3), perDay: [30, 0, 45], engineers: 3, prefix });
  const engineer = events[0]!.engineer;

  beforeAll(async () => {
    await recordEvents(events);
  }, 60_000);

  it("answers the engineer's events, counts by action, and first and last seen", async () => {
    const result = await get(engineer);
    expect([result.statusCode, result.body]).toEqual([200, expectedTotals(engineer, events)]);
  });

  it('counts an event sent again once', async () => {
    await recordEvents(events.filter((event) => event.engineer === engineer).slice(0, 5));
    expect((await get(engineer)).body).toEqual(expectedTotals(engineer, events));
  });

  it('answers 404 for an engineer without events', async () => {
    const result = await get(`${prefix}-nobody`);
    expect([result.statusCode, result.body]).toEqual([404, { error: 'No events for this engineer' }]);
  });

  it('answers 400 for a name no engineer can have', async () => {
    expect((await get('a'.repeat(65))).statusCode).toBe(400);
  });

  it('counts by action from the index for an engineer item stored before per-action counts existed', async () => {
    const legacyEvents = sampleEvents({ days: uniqueDays(1), perDay: [12], engineers: 1, prefix: uniquePrefix('legacy') });
    const legacy = legacyEvents[0]!.engineer;
    await recordEvents(legacyEvents);
    const totals = expectedTotals(legacy, legacyEvents);
    // The engineer item as the ingest wrote it before: no action:<name> counters.
    await dynamo().send(
      new PutCommand({
        TableName: tableName('events'),
        Item: { ...engineerKey(legacy), engineer: legacy, events: totals.events, firstSeen: totals.firstSeen, lastSeen: totals.lastSeen },
      }),
    );
    expect((await get(legacy)).body).toEqual(totals);
  });
});
