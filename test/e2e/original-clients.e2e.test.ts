// What the clients of the five original APIs send, and must send, over real HTTP through sls offline (issue 16):
// each was refused before. The differences that stay, and why: docs/MIGRATING.md.
import { expectContractError, request } from '../helpers/http';
import { bearer, tokenWithScope } from '../helpers/tokens';
import { uniqueDays, uniquePrefix } from '../helpers/events';

let assetsWriter: Record<string, string>;
let eventsWriter: Record<string, string>;
beforeAll(async () => {
  assetsWriter = bearer(await tokenWithScope('assets:write'));
  eventsWriter = bearer(await tokenWithScope('events:write'));
});

const prefix = uniquePrefix('original');
const send = (method: string, path: string, json: unknown, headers = assetsWriter) => request(path, { method, json, headers });

describe('icy-morning (assets): PUT bodies carry the record id', () => {
  it("updates an analyst with the original test's body, id included", async () => {
    const created = await send('POST', '/api/v1/analysts', { name: 'TestAnalyst', company: 'TestCorp' });
    expect(created.status).toBe(201);
    const { id } = created.body;
    const updated = await send('PUT', `/api/v1/analysts/${id}`, { id, name: 'TestAnalyst', company: 'Test Corp' });
    expect([updated.status, updated.body]).toEqual([200, { id, name: 'TestAnalyst', company: 'Test Corp' }]);
    expect((await request(`/api/v1/analysts/${id}`)).body).toEqual({ id, name: 'TestAnalyst', company: 'Test Corp' });
  });

  it("updates an asset with the original test's payload, id included, and answers that payload", async () => {
    const analyst = (await send('POST', '/api/v1/analysts', { name: `${prefix}-analyst`, company: 'TestCorp' })).body;
    const asset = { name: 'TestAsset', description: 'My Test Asset', analyst_id: analyst.id, is_active: true, inception_date: '2024-03-04' };
    const { id } = (await send('POST', '/api/v1/assets', asset)).body;
    const payload = { id, ...asset, description: 'TBD' };
    const updated = await send('PUT', `/api/v1/assets/${id}`, payload);
    expect([updated.status, updated.body]).toEqual([200, payload]);
  });

  it('refuses a body id that is not the path id with 400 and changes nothing', async () => {
    const created = (await send('POST', '/api/v1/analysts', { name: `${prefix}-kept`, company: 'TestCorp' })).body;
    const answer = await send('PUT', `/api/v1/analysts/${created.id}`, { id: created.id + 1, name: 'Someone else', company: 'Other' });
    expectContractError(answer, 400);
    expect(answer.body.details).toEqual([{ field: 'body.id', message: `must be ${created.id}, the id in the path, or left out` }]);
    expect((await request(`/api/v1/analysts/${created.id}`)).body).toEqual(created);
  });

  it('subscribes without a topic to asset::creation', async () => {
    const email = `${prefix}@example.com`;
    const answer = await send('POST', '/api/v1/subscriptions', { email });
    expect([answer.status, answer.body]).toEqual([201, { id: expect.any(Number), email, topic: 'asset::creation' }]);
    expect((await send('DELETE', `/api/v1/subscriptions/${answer.body.id}`, undefined)).status).toBe(200);
  });
});

describe('event_descriptor (events): range bounds written YYYY-MM-DD HH:MM:SS', () => {
  const [day] = uniqueDays(1) as [string];
  const event = (n: number, time: string) => ({
    id: `${prefix}-${n}`,
    sha: 'abcdef0',
    timestamp: `${day}T${time}Z`,
    action: 'stage',
    engineer: `${prefix}-theia`,
  });
  const events = [event(1, '00:00:00'), event(2, '01:30:00'), event(3, '02:00:00'), event(4, '02:00:01')];

  beforeAll(async () => {
    expect((await request('/events', { method: 'POST', json: { events }, headers: eventsWriter })).status).toBe(201);
  });

  // A space is sent as %20 by most clients, and as + by an HTML form or Python's requests (the original's clients).
  it.each([
    ['%20', (value: string) => value.replace(' ', '%20')],
    ['+', (value: string) => value.replace(' ', '+')],
  ])('GET /events reads them as UTC, both inclusive (space sent as %s)', async (_encoding, encode) => {
    const answer = await request(`/events?from=${encode(`${day} 00:00:00`)}&to=${encode(`${day} 02:00:00`)}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ events: events.slice(0, 3), nextCursor: null });
  });

  it('GET /engineers/{engineer}/events reads them the same way', async () => {
    const query = new URLSearchParams({ from: `${day} 01:00:00`, to: `${day} 02:00:01` });
    const answer = await request(`/engineers/${encodeURIComponent(`${prefix}-theia`)}/events?${query}`);
    expect(answer.status).toBe(200);
    expect(answer.body.events).toEqual(events.slice(1));
  });
});

describe('poke-bard (pokemon): a well-formed name that is no Pokemon', () => {
  it('answers not_a_pokemon with 404, as the original did', async () => {
    const answer = await request('/pokemon/not_a_pokemon');
    expectContractError(answer, 404);
  });
});
