// Every write route of the assets service refuses every bad credential, and writes nothing when it does.
// Reads need no token.
import { badTokens, bearer, tokenWithScope } from '../../helpers/tokens';
import { api, newAnalyst, newAsset, tableSnapshot } from './fixtures';

type Write = (headers: Record<string, string>) => ReturnType<typeof api.createAnalyst>;

/** Each protected route with a request that a writer's token would make succeed. */
async function protectedRoutes(): Promise<Record<string, Write>> {
  const analyst = await newAnalyst();
  const asset = await newAsset(analyst.id);
  const emptyAnalyst = await newAnalyst();
  return {
    'POST /api/v1/analysts': (headers) => api.createAnalyst({ name: 'Mallory', company: 'Evil' }, headers),
    'PUT /api/v1/analysts/{id}': (headers) => api.updateAnalyst(analyst.id, { name: 'Mallory', company: 'Evil' }, headers),
    'DELETE /api/v1/analysts/{id}': (headers) => api.deleteAnalyst(emptyAnalyst.id, headers),
    'POST /api/v1/assets': (headers) => api.createAsset({ name: 'Stolen', is_active: true, analyst_id: analyst.id }, headers),
    'PUT /api/v1/assets/{id}': (headers) => api.updateAsset(asset.id, { name: 'Stolen', is_active: false, analyst_id: analyst.id }, headers),
    'DELETE /api/v1/assets/{id}': (headers) => api.deleteAsset(asset.id, headers),
    'POST /api/v1/subscriptions': (headers) => api.createSubscription({ email: 'mallory@example.com', topic: 'asset::creation' }, headers),
  };
}

describe('assets write routes', () => {
  let routes: Record<string, Write>;
  let tokens: Record<string, string>;
  beforeAll(async () => {
    routes = await protectedRoutes();
    tokens = await badTokens('assets:write');
  });

  it('refuse a request without a token with 401 "Not authenticated" and WWW-Authenticate', async () => {
    for (const [route, write] of Object.entries(routes)) {
      const result = await write({});
      expect([route, result.statusCode, result.body, result.headers['WWW-Authenticate']]).toEqual([route, 401, { error: 'Not authenticated' }, 'Bearer']);
    }
  });

  it('refuse every bad token with 401 and write nothing', async () => {
    const before = await tableSnapshot();
    for (const [route, write] of Object.entries(routes)) {
      for (const [name, token] of Object.entries(tokens)) {
        const result = await write(bearer(token));
        expect([route, name, result.statusCode, result.headers['WWW-Authenticate']]).toEqual([route, name, 401, 'Bearer']);
      }
    }
    expect(await tableSnapshot()).toBe(before);
  });

  it.each(['Basic YWRtaW46YWRtaW4=', 'Bearer', 'Token abc.def.ghi'])('refuse the Authorization header "%s" with 401', async (header) => {
    for (const write of Object.values(routes)) expect((await write({ authorization: header })).statusCode).toBe(401);
  });

  it('refuse a good token without the scope assets:write with 403 and write nothing', async () => {
    const before = await tableSnapshot();
    const readOnly = bearer(await tokenWithScope('assets:read events:write'));
    for (const [route, write] of Object.entries(routes)) {
      const result = await write(readOnly);
      expect([route, result.statusCode, result.body]).toEqual([route, 403, { error: 'This request needs a token with the scope "assets:write"' }]);
    }
    expect(await tableSnapshot()).toBe(before);
  });

  it('refuse DELETE /api/v1/subscriptions/{id} without a good token', async () => {
    const subscription = await api.createSubscription({ email: `auth-${Date.now()}@example.com`, topic: 'asset::creation' });
    try {
      expect((await api.deleteSubscription(subscription.body.id, {})).statusCode).toBe(401);
      for (const token of Object.values(tokens)) expect((await api.deleteSubscription(subscription.body.id, bearer(token))).statusCode).toBe(401);
      expect((await api.deleteSubscription(subscription.body.id, bearer(await tokenWithScope('assets:read')))).statusCode).toBe(403);
    } finally {
      expect((await api.deleteSubscription(subscription.body.id)).statusCode).toBe(200);
    }
  });

  it('accept a good token with the scope on every write route', async () => {
    const writer = bearer(await tokenWithScope('assets:write'));
    const statuses = [];
    let subscriptionId: number | undefined;
    for (const [route, write] of Object.entries(routes)) {
      const result = await write(writer);
      statuses.push([route, result.statusCode]);
      if (route === 'POST /api/v1/subscriptions') subscriptionId = result.body.id;
    }
    await api.deleteSubscription(subscriptionId!);
    expect(statuses).toEqual([
      ['POST /api/v1/analysts', 201],
      ['PUT /api/v1/analysts/{id}', 200],
      ['DELETE /api/v1/analysts/{id}', 200],
      ['POST /api/v1/assets', 201],
      ['PUT /api/v1/assets/{id}', 200],
      ['DELETE /api/v1/assets/{id}', 200],
      ['POST /api/v1/subscriptions', 201],
    ]);
  });
});
