// /api/v1/assets handlers in process against DynamoDB Local, as docs/API.md specifies them.
import { counterKey } from '#shared/assets/keys';
import { api, deletedTwice, expectRefusalNaming, idsOfEveryPage, newAnalyst, newAsset, storedAssetCount, tableSnapshot, unique } from './fixtures';

const todayUtc = () => new Date().toISOString().slice(0, 10);

describe('POST /api/v1/assets', () => {
  it('creates an asset with 201, an integer id and every field', async () => {
    const analyst = await newAnalyst();
    const json = { name: unique('Solar farm'), description: 'North site', inception_date: '2024-02-29', is_active: false, analyst_id: analyst.id };
    const result = await api.createAsset(json);
    expect(result.statusCode).toBe(201);
    expect(result.body).toEqual({ id: expect.any(Number), ...json });
    expect(Number.isInteger(result.body.id) && result.body.id > 0).toBe(true);
  });

  it('defaults description to null and inception_date to today (UTC)', async () => {
    const analyst = await newAnalyst();
    const asset = await newAsset(analyst.id);
    expect(asset.description).toBeNull();
    expect(asset.inception_date).toBe(todayUtc());
  });

  it('accepts an explicit null description', async () => {
    const analyst = await newAnalyst();
    expect((await newAsset(analyst.id, { description: null })).description).toBeNull();
  });

  it('counts the asset on its analyst', async () => {
    const analyst = await newAnalyst();
    await newAsset(analyst.id);
    await newAsset(analyst.id);
    expect(await storedAssetCount(analyst.id)).toBe(2);
  });

  it('refuses an analyst_id nobody has with 400 and writes nothing', async () => {
    const before = await tableSnapshot();
    const result = await api.createAsset({ name: 'Orphan', is_active: true, analyst_id: 9_007_199_254_740_991 });
    expect(result.statusCode).toBe(400);
    expect(result.body).toEqual({
      error: 'No analyst has the id 9007199254740991; create the analyst first',
      details: [{ field: 'body.analyst_id', message: 'no analyst has this id' }],
    });
    // The id counter may move (ids are handed out before the transaction); nothing else does.
    const counterPk = `"pk":${JSON.stringify(counterKey('asset').pk)}`;
    const withoutCounters = (snapshot: string) => snapshot.split('\n').filter((line) => !line.includes(counterPk)).join('\n');
    expect(withoutCounters(await tableSnapshot())).toBe(withoutCounters(before));
  });

  it('refuses an analyst deleted just before with 400', async () => {
    const analyst = await newAnalyst();
    await api.deleteAnalyst(analyst.id);
    const result = await api.createAsset({ name: 'Late', is_active: true, analyst_id: analyst.id });
    expect(result.statusCode).toBe(400);
    expect(await storedAssetCount(analyst.id)).toBeUndefined();
  });

  const valid = { name: 'Wind farm', is_active: true, analyst_id: 1 };
  it.each([
    ['missing is_active', { name: 'x', analyst_id: 1 }, 'body.is_active'],
    ['missing analyst_id', { name: 'x', is_active: true }, 'body.analyst_id'],
    ['missing name', { is_active: true, analyst_id: 1 }, 'body.name'],
    ['is_active as a string', { ...valid, is_active: 'true' }, 'body.is_active'],
    ['is_active as a number', { ...valid, is_active: 1 }, 'body.is_active'],
    ['analyst_id as a string', { ...valid, analyst_id: '1' }, 'body.analyst_id'],
    ['a negative analyst_id', { ...valid, analyst_id: -1 }, 'body.analyst_id'],
    ['a zero analyst_id', { ...valid, analyst_id: 0 }, 'body.analyst_id'],
    ['a decimal analyst_id', { ...valid, analyst_id: 1.5 }, 'body.analyst_id'],
    ['an overflowing analyst_id', { ...valid, analyst_id: 1e300 }, 'body.analyst_id'],
    ['a null analyst_id', { ...valid, analyst_id: null }, 'body.analyst_id'],
    ['a date that does not exist (2023-02-30)', { ...valid, inception_date: '2023-02-30' }, 'body.inception_date'],
    ['a month 13', { ...valid, inception_date: '2023-13-01' }, 'body.inception_date'],
    ['a datetime instead of a date', { ...valid, inception_date: '2023-02-01T00:00:00Z' }, 'body.inception_date'],
    ['a date in another format', { ...valid, inception_date: '01/02/2023' }, 'body.inception_date'],
    ['a date as a number', { ...valid, inception_date: 20230201 }, 'body.inception_date'],
    ['a description that is not a string', { ...valid, description: 42 }, 'body.description'],
    ['a name that is not a string', { ...valid, name: ['x'] }, 'body.name'],
    ['an unknown field', { ...valid, analystId: 1 }, 'body'],
    ['a body that is not an object', 'asset', 'body'],
  ])('refuses %s with 400 naming the field and writes nothing', async (_case, json, field) => {
    await expectRefusalNaming(field, () => api.createAsset(json));
  });

  it('refuses a body that is not JSON with 400 and one that is not declared JSON with 415', async () => {
    const { handlers, writer } = await import('./fixtures');
    const { invoke } = await import('../../helpers/lambda');
    const headers = await writer();
    const malformed = await invoke(handlers.createAsset, {
      method: 'POST', path: '/api/v1/assets', body: '{"name":', headers: { ...headers, 'content-type': 'application/json' },
    });
    expect(malformed.statusCode).toBe(400);
    const plain = await invoke(handlers.createAsset, { method: 'POST', path: '/api/v1/assets', body: 'name=x', headers: { ...headers, 'content-type': 'text/plain' } });
    expect(plain.statusCode).toBe(415);
  });
});

describe('GET /api/v1/assets/{id}', () => {
  it('answers an asset with 200 and the stored record', async () => {
    const asset = await newAsset((await newAnalyst()).id, { description: 'kept' });
    const result = await api.getAsset(asset.id);
    expect(result.statusCode).toBe(200);
    expect(result.body).toEqual(asset);
  });

  it('answers an id nobody has with 404', async () => {
    const result = await api.getAsset(9_007_199_254_740_991);
    expect(result.statusCode).toBe(404);
    expect(result.body).toEqual({ error: 'No asset has the id 9007199254740991' });
  });

  it.each(['abc', '-1', '0', '2.5', '9007199254740992', '123456789012345678901234567890'])('answers the id "%s" with 400', async (id) => {
    expect((await api.getAsset(id)).statusCode).toBe(400);
  });
});

describe('PUT /api/v1/assets/{id}', () => {
  it('replaces the whole record: omitted optional fields take their defaults', async () => {
    const analyst = await newAnalyst();
    const asset = await newAsset(analyst.id, { description: 'old', inception_date: '2020-01-01' });
    const result = await api.updateAsset(asset.id, { name: 'Renamed', is_active: false, analyst_id: analyst.id });
    expect(result.statusCode).toBe(200);
    const expected = { id: asset.id, name: 'Renamed', description: null, inception_date: todayUtc(), is_active: false, analyst_id: analyst.id };
    expect(result.body).toEqual(expected);
    expect((await api.getAsset(asset.id)).body).toEqual(expected);
    expect(await storedAssetCount(analyst.id)).toBe(1);
  });

  it('accepts the record as it reads, with its own id, as the original API\'s clients send it', async () => {
    const analyst = await newAnalyst();
    const asset = await newAsset(analyst.id, { description: 'old', inception_date: '2020-01-01' });
    const replacement = { ...asset, description: 'TBD' };
    const result = await api.updateAsset(asset.id, replacement);
    expect(result.statusCode).toBe(200);
    expect(result.body).toEqual(replacement);
    expect((await api.getAsset(asset.id)).body).toEqual(replacement);
  });

  it("refuses a body whose id is another asset's with 400 saying so, and changes nothing", async () => {
    const analyst = await newAnalyst();
    const [asset, other] = [await newAsset(analyst.id), await newAsset(analyst.id)];
    const before = await tableSnapshot();
    const result = await api.updateAsset(asset.id, { ...asset, id: other.id, name: 'Overwritten?' });
    expect(result.statusCode).toBe(400);
    expect(result.body).toEqual({
      error: `The body's id ${other.id} is not the id in the path, ${asset.id}: send ${asset.id} or leave id out`,
      details: [{ field: 'body.id', message: `must be ${asset.id}, the id in the path, or left out` }],
    });
    expect(await tableSnapshot()).toBe(before);
  });

  it('moves an asset to another analyst and moves the count with it', async () => {
    const from = await newAnalyst();
    const to = await newAnalyst();
    const asset = await newAsset(from.id);
    const result = await api.updateAsset(asset.id, { name: asset.name, is_active: true, analyst_id: to.id });
    expect(result.statusCode).toBe(200);
    expect([await storedAssetCount(from.id), await storedAssetCount(to.id)]).toEqual([0, 1]);
    expect((await api.deleteAnalyst(from.id)).statusCode).toBe(200);
    expect((await api.deleteAnalyst(to.id)).statusCode).toBe(409);
  });

  it('refuses a move to an analyst nobody has with 400 and changes nothing', async () => {
    const analyst = await newAnalyst();
    const asset = await newAsset(analyst.id);
    const result = await api.updateAsset(asset.id, { name: 'x', is_active: true, analyst_id: 9_007_199_254_740_991 });
    expect(result.statusCode).toBe(400);
    expect((await api.getAsset(asset.id)).body).toEqual(asset);
    expect(await storedAssetCount(analyst.id)).toBe(1);
  });

  it('refuses a record without is_active with 400 and changes nothing', async () => {
    const asset = await newAsset((await newAnalyst()).id);
    expect((await api.updateAsset(asset.id, { name: 'x', analyst_id: asset.analyst_id })).statusCode).toBe(400);
    expect((await api.getAsset(asset.id)).body).toEqual(asset);
  });

  it('answers an asset nobody has with 404 and creates nothing', async () => {
    const analyst = await newAnalyst();
    const before = await tableSnapshot();
    const result = await api.updateAsset(9_007_199_254_740_991, { name: 'x', is_active: true, analyst_id: analyst.id });
    expect(result.statusCode).toBe(404);
    expect(await tableSnapshot()).toBe(before);
  });

  it('answers a non-integer id with 400', async () => {
    expect((await api.updateAsset('1.0', { name: 'x', is_active: true, analyst_id: 1 })).statusCode).toBe(400);
  });
});

describe('DELETE /api/v1/assets/{id}', () => {
  it('answers 200 with the deleted record, then 404 the second time', async () => {
    const analyst = await newAnalyst();
    const asset = await newAsset(analyst.id);
    expect((await deletedTwice(api.deleteAsset, asset)).statusCode).toBe(404);
    expect((await api.getAsset(asset.id)).statusCode).toBe(404);
    expect(await storedAssetCount(analyst.id)).toBe(0);
  });

  it('counts down exactly once when the same asset is deleted concurrently', async () => {
    const analyst = await newAnalyst();
    const asset = await newAsset(analyst.id);
    await newAsset(analyst.id);
    const statuses = (await Promise.all(Array.from({ length: 4 }, () => api.deleteAsset(asset.id)))).map((r) => r.statusCode);
    expect(statuses.sort()).toEqual([200, 404, 404, 404]);
    expect(await storedAssetCount(analyst.id)).toBe(1);
  });

  it('answers a negative id with 400', async () => {
    expect((await api.deleteAsset('-5')).statusCode).toBe(400);
  });
});

describe('GET /api/v1/assets', () => {
  it('pages through every asset in id order without repeats', async () => {
    const analyst = await newAnalyst();
    const created = await Promise.all(Array.from({ length: 5 }, () => newAsset(analyst.id)));
    const seen = await idsOfEveryPage(api.listAssets, 'assets', 3);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(seen.length);
    for (const asset of created) expect(seen).toContain(asset.id);
  });

  it('answers a cursor of the analysts list with 400', async () => {
    const analystsPage = await api.listAnalysts({ limit: '1' });
    const result = await api.listAssets({ cursor: analystsPage.body.nextCursor });
    expect(result.statusCode).toBe(400);
  });
});
