// The assets service over real HTTP through sls offline, as docs/API.md specifies it: the replaced API's own test
// sequence, every route, bad input, every bad token on every write route, and a race through parallel lambdas.
import { expectContractError, request, type HttpAnswer } from '../helpers/http';
import { badTokens, bearer, tokenWithScope } from '../helpers/tokens';

let auth: Record<string, string>;
beforeAll(async () => {
  auth = bearer(await tokenWithScope('assets:write'));
});

let sequence = 0;
const unique = (prefix: string) => `${prefix}-e2e-${process.pid}-${Date.now()}-${(sequence += 1)}`;
const send = (method: string, path: string, json?: unknown, headers: Record<string, string> = auth) =>
  request(path, { method, json, headers });

function expectStatus(answer: HttpAnswer, status: number) {
  if (answer.status !== status) throw new Error(`expected ${status}, got ${answer.status}: ${answer.text}`);
  return answer.body;
}
const newAnalyst = async () => expectStatus(await send('POST', '/api/v1/analysts', { name: unique('analyst'), company: 'Acme' }), 201);
const newAsset = async (analystId: number) =>
  expectStatus(await send('POST', '/api/v1/assets', { name: unique('asset'), is_active: true, analyst_id: analystId }), 201);

describe('the original API test sequence', () => {
  it('creates an analyst only with auth, reads, updates, deletes it, and answers 404 to the second delete', async () => {
    const analyst = { name: unique('Test Analyst'), company: 'Test Company' };
    expectContractError(await send('POST', '/api/v1/analysts', analyst, {}), 401);

    const created = await send('POST', '/api/v1/analysts', analyst);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(Number), ...analyst });
    const path = `/api/v1/analysts/${created.body.id}`;

    const read = await request(path);
    expect([read.status, read.body]).toEqual([200, created.body]);

    const updated = await send('PUT', path, { name: 'Updated Analyst', company: 'Updated Company' });
    expect([updated.status, updated.body]).toEqual([200, { id: created.body.id, name: 'Updated Analyst', company: 'Updated Company' }]);

    const deleted = await send('DELETE', path);
    expect([deleted.status, deleted.body]).toEqual([200, updated.body]);
    expectContractError(await send('DELETE', path), 404);
  });

  it('creates, reads, updates and deletes an asset', async () => {
    const analyst = await newAnalyst();
    const asset = { name: unique('Test Asset'), description: 'A test asset', inception_date: '2023-01-01', is_active: true, analyst_id: analyst.id };
    const created = await send('POST', '/api/v1/assets', asset);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(Number), ...asset });
    const path = `/api/v1/assets/${created.body.id}`;

    expect((await request(path)).body).toEqual(created.body);
    const replacement = { ...asset, name: 'Updated Asset', is_active: false };
    const updated = await send('PUT', path, replacement);
    expect([updated.status, updated.body]).toEqual([200, { id: created.body.id, ...replacement }]);

    const deleted = await send('DELETE', path);
    expect([deleted.status, deleted.body]).toEqual([200, updated.body]);
    expectContractError(await send('DELETE', path), 404);
    expectContractError(await request(path), 404);
    expect((await send('DELETE', `/api/v1/analysts/${analyst.id}`)).status).toBe(200);
  });
});

describe('assets routes over HTTP', () => {
  it('answers JSON with X-Request-Id on reads, without a token', async () => {
    const analyst = await newAnalyst();
    for (const path of ['/api/v1/analysts?limit=1', '/api/v1/assets?limit=1', `/api/v1/analysts/${analyst.id}`]) {
      const answer = await request(path);
      expect([path, answer.status]).toEqual([path, 200]);
      expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(answer.headers.get('x-request-id')).toBeTruthy();
    }
  });

  it('pages the analysts list with limit and cursor', async () => {
    await newAnalyst();
    await newAnalyst();
    const first = await request('/api/v1/analysts?limit=1');
    expect(first.body.analysts).toHaveLength(1);
    const second = await request(`/api/v1/analysts?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.analysts).toHaveLength(1);
    expect(second.body.analysts[0].id).toBeGreaterThan(first.body.analysts[0].id);
  });

  it('refuses to delete an analyst with assets with 409', async () => {
    const analyst = await newAnalyst();
    await newAsset(analyst.id);
    expectContractError(await send('DELETE', `/api/v1/analysts/${analyst.id}`), 409);
  });

  it('records a notification for a subscriber when an asset is created, and lists it', async () => {
    const subscription = expectStatus(
      await send('POST', '/api/v1/subscriptions', { email: `${unique('reader')}@example.com`, topic: 'asset::creation' }),
      201,
    );
    try {
      const asset = await newAsset((await newAnalyst()).id);
      const answer = await request(`/api/v1/subscriptions/${subscription.id}/notifications`);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual({
        // Pending: the relay runs only in its own test (notifications.e2e.test.ts).
        notifications: [{ subscription_id: subscription.id, topic: 'asset::creation', created_at: expect.any(String), asset, status: 'pending' }],
        nextCursor: null,
      });
    } finally {
      const deleted = await send('DELETE', `/api/v1/subscriptions/${subscription.id}`);
      expect([deleted.status, deleted.body]).toEqual([200, subscription]);
    }
    expectContractError(await send('DELETE', `/api/v1/subscriptions/${subscription.id}`), 404);
    expectContractError(await request(`/api/v1/subscriptions/${subscription.id}/notifications`), 404);
  });

  const idRoutes: [string, string][] = [
    ['GET', '/api/v1/analysts/ID'],
    ['PUT', '/api/v1/analysts/ID'],
    ['DELETE', '/api/v1/analysts/ID'],
    ['GET', '/api/v1/assets/ID'],
    ['PUT', '/api/v1/assets/ID'],
    ['DELETE', '/api/v1/assets/ID'],
    ['DELETE', '/api/v1/subscriptions/ID'],
    ['GET', '/api/v1/subscriptions/ID/notifications'],
  ];
  it.each(['abc', '-1', '0', '1.5', '1e3', '9007199254740992', '99999999999999999999999999'])(
    'answers the path id "%s" with 400 on every route that takes an id',
    async (id) => {
      for (const [method, path] of idRoutes) {
        const json = path.includes('analysts') ? { name: 'x', company: 'y' } : { name: 'x', is_active: true, analyst_id: 1 };
        const answer = await send(method, path.replace('ID', id), method === 'PUT' ? json : undefined);
        expect([method, path, answer.status]).toEqual([method, path, 400]);
        expectContractError(answer, 400);
      }
    },
  );

  it.each([
    ['an unknown analyst', { analyst_id: 9_007_199_254_740_991 }],
    ['a date that is not a date (2023-02-30)', { inception_date: '2023-02-30' }],
    ['is_active missing', { is_active: undefined }],
    ['analyst_id missing', { analyst_id: undefined }],
    ['is_active of the wrong type', { is_active: 'yes' }],
    ['analyst_id of the wrong type', { analyst_id: '1' }],
    ['an unknown field', { owner: 'me' }],
  ])('refuses an asset with %s with 400', async (_case, overrides) => {
    const analyst = await newAnalyst();
    const answer = await send('POST', '/api/v1/assets', { name: 'x', is_active: true, analyst_id: analyst.id, ...overrides });
    expectContractError(answer, 400);
    expect((await request(`/api/v1/analysts/${analyst.id}`)).status).toBe(200);
    expect((await send('DELETE', `/api/v1/analysts/${analyst.id}`)).status).toBe(200); // no asset was counted on them
  });

  it.each([
    ['an email that is not an email', { email: 'nobody', topic: 'asset::creation' }],
    ['an unknown topic', { email: 'ada@example.com', topic: 'asset::update' }],
  ])('refuses a subscription with %s with 400', async (_case, json) => {
    expectContractError(await send('POST', '/api/v1/subscriptions', json), 400);
  });

  it('answers a body that is not JSON with 415 and malformed JSON with 400', async () => {
    const text = await request('/api/v1/analysts', { method: 'POST', headers: { ...auth, 'content-type': 'text/plain' }, body: 'name=x' });
    expectContractError(text, 415);
    const broken = await request('/api/v1/analysts', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"name":' });
    expectContractError(broken, 400);
  });
});

describe('assets write routes over HTTP', () => {
  it('refuse no token, every bad token and a token without the scope on every write route', async () => {
    const analyst = await newAnalyst();
    const asset = await newAsset(analyst.id);
    const writes: [string, string, unknown][] = [
      ['POST', '/api/v1/analysts', { name: 'Mallory', company: 'Evil' }],
      ['PUT', `/api/v1/analysts/${analyst.id}`, { name: 'Mallory', company: 'Evil' }],
      ['DELETE', `/api/v1/analysts/${analyst.id}`, undefined],
      ['POST', '/api/v1/assets', { name: 'Stolen', is_active: true, analyst_id: analyst.id }],
      ['PUT', `/api/v1/assets/${asset.id}`, { name: 'Stolen', is_active: false, analyst_id: analyst.id }],
      ['DELETE', `/api/v1/assets/${asset.id}`, undefined],
      ['POST', '/api/v1/subscriptions', { email: 'mallory@example.com', topic: 'asset::creation' }],
      ['DELETE', '/api/v1/subscriptions/1', undefined],
    ];
    const tokens = await badTokens('assets:write');
    const readOnly = bearer(await tokenWithScope('assets:read'));
    for (const [method, path, json] of writes) {
      const none = await send(method, path, json, {});
      expect([method, path, none.status, none.body, none.headers.get('www-authenticate')]).toEqual([
        method, path, 401, { error: 'Not authenticated' }, 'Bearer',
      ]);
      for (const [name, token] of Object.entries(tokens)) {
        const answer = await send(method, path, json, bearer(token));
        expect([method, path, name, answer.status]).toEqual([method, path, name, 401]);
        expectContractError(answer, 401);
      }
      const forbidden = await send(method, path, json, readOnly);
      expect([method, path, forbidden.status]).toEqual([method, path, 403]);
    }
    // Nothing of the above was written.
    expect((await request(`/api/v1/analysts/${analyst.id}`)).body).toEqual(analyst);
    expect((await request(`/api/v1/assets/${asset.id}`)).body).toEqual(asset);
  });
});

describe('assets under concurrent HTTP requests', () => {
  it('never leaves an asset pointing at a missing analyst when the analyst is deleted while assets are created', async () => {
    for (let round = 0; round < 8; round += 1) {
      const analyst = await newAnalyst();
      const creates = Array.from({ length: 4 }, () =>
        send('POST', '/api/v1/assets', { name: unique('race'), is_active: true, analyst_id: analyst.id }),
      );
      const removal = new Promise((resolve) => setTimeout(resolve, round * 15)).then(() =>
        send('DELETE', `/api/v1/analysts/${analyst.id}`),
      );
      const [deleted, ...created] = await Promise.all([removal, ...creates]);
      const assets = created.filter((answer) => answer.status === 201).map((answer) => answer.body);
      const analystNow = await request(`/api/v1/analysts/${analyst.id}`);
      if (deleted.status === 200) {
        expect([round, assets.length, analystNow.status]).toEqual([round, 0, 404]);
      } else {
        expect([round, deleted.status, analystNow.status]).toEqual([round, 409, 200]);
        for (const asset of assets) expect((await request(`/api/v1/assets/${asset.id}`)).body.analyst_id).toBe(analyst.id);
      }
    }
  });
});
