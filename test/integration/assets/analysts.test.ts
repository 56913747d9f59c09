// /api/v1/analysts handlers in process against DynamoDB Local, as docs/API.md specifies them.
import { assetKey, counterKey } from '#shared/assets/keys';
import { api, deletedTwice, expectRefusalNaming, idsOfEveryPage, newAnalyst, newAsset, tableSnapshot, unique } from './fixtures';

const BAD_IDS: [string, string][] = [
  ['letters', 'abc'],
  ['negative', '-1'],
  ['zero', '0'],
  ['decimal', '1.5'],
  ['exponent', '1e3'],
  ['leading zero', '007'],
  ['plus sign', '+1'],
  ['space', ' 1'],
  ['above the largest safe integer', '9007199254740992'],
  ['overflowing', '99999999999999999999999'],
];

describe('POST /api/v1/analysts', () => {
  it('creates an analyst with 201 and a positive integer id', async () => {
    const name = unique('Ada');
    const result = await api.createAnalyst({ name, company: 'Analytical Engines' });
    expect(result.statusCode).toBe(201);
    expect(result.body).toEqual({ id: expect.any(Number), name, company: 'Analytical Engines' });
    expect(Number.isInteger(result.body.id) && result.body.id > 0).toBe(true);
  });

  it('hands out ids in increasing order', async () => {
    const first = await newAnalyst();
    const second = await newAnalyst();
    expect(second.id).toBeGreaterThan(first.id);
  });

  it('gives concurrent creates distinct ids', async () => {
    const analysts = await Promise.all(Array.from({ length: 10 }, () => newAnalyst()));
    expect(new Set(analysts.map((analyst) => analyst.id)).size).toBe(10);
  });

  it('refuses a request without a token with 401 "Not authenticated" and writes nothing', async () => {
    const before = await tableSnapshot();
    const result = await api.createAnalyst({ name: 'Eve', company: 'Evil' }, {});
    expect(result.statusCode).toBe(401);
    expect(result.body).toEqual({ error: 'Not authenticated' });
    expect(result.headers['WWW-Authenticate']).toBe('Bearer');
    expect(await tableSnapshot()).toBe(before);
  });

  it.each([
    ['missing name', { company: 'Acme' }, 'body.name'],
    ['missing company', { name: 'Ada' }, 'body.company'],
    ['name not a string', { name: 42, company: 'Acme' }, 'body.name'],
    ['empty name', { name: '', company: 'Acme' }, 'body.name'],
    ['blank company', { name: 'Ada', company: '   ' }, 'body.company'],
    ['name too long', { name: 'x'.repeat(257), company: 'Acme' }, 'body.name'],
    ['unknown field', { name: 'Ada', company: 'Acme', age: 36 }, 'body'],
    ['an id in the body', { id: 5, name: 'Ada', company: 'Acme' }, 'body'],
    ['an array body', [{ name: 'Ada', company: 'Acme' }], 'body'],
  ])('refuses %s with 400 naming the field and writes nothing', async (_case, json, field) => {
    await expectRefusalNaming(field, () => api.createAnalyst(json));
  });

  it('names the unknown fields it refuses', async () => {
    const result = await api.createAnalyst({ name: 'Ada', company: 'Acme', age: 36 });
    expect(result.body.error).toBe('unknown field(s): age');
  });
});

describe('GET /api/v1/analysts/{id}', () => {
  it('answers an analyst with 200 and the stored record', async () => {
    const analyst = await newAnalyst();
    const result = await api.getAnalyst(analyst.id);
    expect(result.statusCode).toBe(200);
    expect(result.body).toEqual(analyst);
  });

  it('answers an id nobody has with 404', async () => {
    const result = await api.getAnalyst(9_007_199_254_740_991);
    expect(result.statusCode).toBe(404);
    expect(result.body).toEqual({ error: 'No analyst has the id 9007199254740991' });
  });

  it.each(BAD_IDS)('answers a %s id with 400', async (_case, id) => {
    const result = await api.getAnalyst(id);
    expect(result.statusCode).toBe(400);
    const message = 'id must be a whole number from 1 to 9007199254740991, written with digits only';
    expect(result.body).toEqual({ error: message, details: [{ field: 'path.id', message }] });
  });
});

describe('PUT /api/v1/analysts/{id}', () => {
  it('replaces the whole record and answers it', async () => {
    const analyst = await newAnalyst();
    const result = await api.updateAnalyst(analyst.id, { name: 'Grace Hopper', company: 'Navy' });
    expect(result.statusCode).toBe(200);
    expect(result.body).toEqual({ id: analyst.id, name: 'Grace Hopper', company: 'Navy' });
    expect((await api.getAnalyst(analyst.id)).body).toEqual({ id: analyst.id, name: 'Grace Hopper', company: 'Navy' });
  });

  it('accepts the record with its own id in the body, as the original API required it', async () => {
    const analyst = await newAnalyst();
    const result = await api.updateAnalyst(analyst.id, { id: analyst.id, name: 'Grace Hopper', company: 'Navy' });
    expect(result.statusCode).toBe(200);
    expect(result.body).toEqual({ id: analyst.id, name: 'Grace Hopper', company: 'Navy' });
    expect((await api.getAnalyst(analyst.id)).body).toEqual({ id: analyst.id, name: 'Grace Hopper', company: 'Navy' });
  });

  it("refuses a body whose id is another analyst's with 400 saying so, and changes nothing", async () => {
    const [analyst, other] = [await newAnalyst(), await newAnalyst()];
    const before = await tableSnapshot();
    const result = await api.updateAnalyst(analyst.id, { id: other.id, name: 'Grace Hopper', company: 'Navy' });
    expect(result.statusCode).toBe(400);
    expect(result.body).toEqual({
      error: `The body's id ${other.id} is not the id in the path, ${analyst.id}: send ${analyst.id} or leave id out`,
      details: [{ field: 'body.id', message: `must be ${analyst.id}, the id in the path, or left out` }],
    });
    expect(await tableSnapshot()).toBe(before);
  });

  it.each([
    ['a string', (id: number) => String(id)],
    ['a decimal', (id: number) => id + 0.5],
    ['zero', () => 0],
  ])('refuses a body id that is %s with 400 naming body.id', async (_case, bodyId) => {
    const analyst = await newAnalyst();
    const result = await api.updateAnalyst(analyst.id, { id: bodyId(analyst.id), name: 'Grace Hopper', company: 'Navy' });
    expect(result.statusCode).toBe(400);
    expect(result.body.details).toEqual([{ field: 'body.id', message: 'id must be an integer from 1 to 9007199254740991' }]);
    expect((await api.getAnalyst(analyst.id)).body).toEqual(analyst);
  });

  it('refuses a partial record with 400 and leaves the analyst as it was', async () => {
    const analyst = await newAnalyst();
    const result = await api.updateAnalyst(analyst.id, { name: 'Only a name' });
    expect(result.statusCode).toBe(400);
    expect((await api.getAnalyst(analyst.id)).body).toEqual(analyst);
  });

  it('answers an unknown analyst with 404 and creates nothing', async () => {
    const before = await tableSnapshot();
    const result = await api.updateAnalyst(9_007_199_254_740_990, { name: 'Ghost', company: 'None' });
    expect(result.statusCode).toBe(404);
    expect(await tableSnapshot()).toBe(before);
  });

  it.each(BAD_IDS)('answers a %s id with 400', async (_case, id) => {
    expect((await api.updateAnalyst(id, { name: 'Ada', company: 'Acme' })).statusCode).toBe(400);
  });
});

describe('DELETE /api/v1/analysts/{id}', () => {
  it('answers 200 with the deleted record, then 404 the second time', async () => {
    const analyst = await newAnalyst();
    const second = await deletedTwice(api.deleteAnalyst, analyst);
    expect(second.statusCode).toBe(404);
    expect(second.body).toEqual({ error: `No analyst has the id ${analyst.id}` });
    expect((await api.getAnalyst(analyst.id)).statusCode).toBe(404);
  });

  it('refuses to delete an analyst who has assets with 409 and keeps the analyst', async () => {
    const analyst = await newAnalyst();
    await newAsset(analyst.id);
    const result = await api.deleteAnalyst(analyst.id);
    expect(result.statusCode).toBe(409);
    expect(result.body.error).toBe(
      `The analyst ${analyst.id} still has 1 asset(s); delete them or move them to another analyst first`,
    );
    expect((await api.getAnalyst(analyst.id)).body).toEqual(analyst);
  });

  it('deletes an analyst once their last asset is deleted', async () => {
    const analyst = await newAnalyst();
    const asset = await newAsset(analyst.id);
    expect((await api.deleteAsset(asset.id)).statusCode).toBe(200);
    expect((await api.deleteAnalyst(analyst.id)).statusCode).toBe(200);
  });

  it.each(BAD_IDS)('answers a %s id with 400', async (_case, id) => {
    expect((await api.deleteAnalyst(id)).statusCode).toBe(400);
  });
});

describe('GET /api/v1/analysts', () => {
  it('pages through every analyst in id order without repeats', async () => {
    const created = await Promise.all(Array.from({ length: 5 }, () => newAnalyst()));
    const seen = await idsOfEveryPage(api.listAnalysts, 'analysts', 2);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(seen.length);
    for (const analyst of created) expect(seen).toContain(analyst.id);
  });

  it('answers the records as they are stored, without bookkeeping fields', async () => {
    const analyst = await newAnalyst();
    await newAsset(analyst.id);
    let listed: unknown;
    let cursor: string | undefined;
    do {
      const { body } = await api.listAnalysts({ limit: '1000', ...(cursor ? { cursor } : {}) });
      listed ??= body.analysts.find((item: { id: number }) => item.id === analyst.id);
      cursor = body.nextCursor ?? undefined;
    } while (cursor && !listed);
    expect(listed).toEqual(analyst);
  });

  it('answers nextCursor null on the last page', async () => {
    await newAnalyst();
    let body = (await api.listAnalysts({ limit: '1000' })).body;
    while (body.nextCursor) body = (await api.listAnalysts({ limit: '1000', cursor: body.nextCursor })).body;
    expect(body.nextCursor).toBeNull();
  });

  it.each([
    ['a limit of 0', { limit: '0' }],
    ['a limit above 1000', { limit: '1001' }],
    ['a limit that is not a number', { limit: 'ten' }],
    ['a forged cursor', { cursor: 'bm90LWEtY3Vyc29y' }],
    ['a cursor of another list', { cursor: Buffer.from(JSON.stringify({ l: 'assets', k: assetKey(1) })).toString('base64url') }],
    ['a cursor pointing into another partition', { cursor: Buffer.from(JSON.stringify({ l: 'analysts', k: counterKey('analyst') })).toString('base64url') }],
  ])('answers %s with 400', async (_case, query) => {
    const result = await api.listAnalysts(query);
    expect(result.statusCode).toBe(400);
    expect(typeof result.body.error).toBe('string');
  });
});
