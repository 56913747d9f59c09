// POST /users in process against DynamoDB Local: the contract's answers, and nothing written on a refusal.
import { handler } from '../../../functions/users/create-user';
import { invoke, type EventInput } from '../../helpers/lambda';
import { malformedUserIds, newUserId, storedItem } from '../../helpers/users';

const BOTH = 'Please provide both "userId" and "name"';
const post = (input: Partial<EventInput>) => invoke(handler, { method: 'POST', path: '/users', ...input });

describe('POST /users', () => {
  it('creates a user and answers 201 with exactly the stored user', async () => {
    const userId = newUserId();
    const result = await post({ json: { userId, name: 'Ada Lovelace' } });
    expect(result.statusCode).toBe(201);
    expect(result.rawBody).toBe(JSON.stringify({ userId, name: 'Ada Lovelace' }));
    expect(await storedItem(userId)).toEqual({ userId, name: 'Ada Lovelace' });
  });

  it('accepts a userId of 128 allowed characters and a name of 256 characters', async () => {
    const userId = `${newUserId('Az09_.@-')}`.padEnd(128, 'x');
    const name = 'n'.repeat(256);
    const result = await post({ json: { userId, name } });
    expect(result.statusCode).toBe(201);
    expect(await storedItem(userId)).toEqual({ userId, name });
  });

  it('answers 409 for a userId that exists and keeps the first user', async () => {
    const userId = newUserId();
    await post({ json: { userId, name: 'First' } });
    const result = await post({ json: { userId, name: 'Second' } });
    expect(result.statusCode).toBe(409);
    expect(result.body).toEqual({ error: 'User with provided "userId" already exists' });
    expect(await storedItem(userId)).toEqual({ userId, name: 'First' });
  });

  it('lets exactly one of 25 concurrent creates of one userId win; the rest answer 409', async () => {
    const userId = newUserId('race');
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, attempt) => post({ json: { userId, name: `attempt ${attempt}` } })),
    );
    const statuses = results.map((result) => result.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(24);
    const winner = results.find((result) => result.statusCode === 201)!;
    expect(await storedItem(userId)).toEqual(winner.body);
  });

  describe.each([
    ['userId missing', () => ({ name: 'Ada' })],
    ['name missing', (id: string) => ({ userId: id })],
    ['both missing', () => ({})],
    ['userId empty', () => ({ userId: '', name: 'Ada' })],
    ['name empty', (id: string) => ({ userId: id, name: '' })],
    ['userId a number', () => ({ userId: 42, name: 'Ada' })],
    ['name a number', (id: string) => ({ userId: id, name: 42 })],
    ['name null', (id: string) => ({ userId: id, name: null })],
    ['userId an object', () => ({ userId: { S: 'x' }, name: 'Ada' })],
    ['name an array', (id: string) => ({ userId: id, name: ['Ada'] })],
    ['name missing and userId malformed too', () => ({ userId: 'has spaces!' })],
  ])('with %s', (_case, makeBody) => {
    it('answers 400 with the contract message and writes nothing', async () => {
      const userId = newUserId();
      const result = await post({ json: makeBody(userId) });
      expect(result.statusCode).toBe(400);
      expect(result.body.error).toBe(BOTH);
      expect(result.body.details.length).toBeGreaterThan(0);
      expect(await storedItem(userId)).toBeUndefined();
    });
  });

  it('names each missing field in the details', async () => {
    const result = await post({ json: {} });
    expect(result.body).toEqual({
      error: BOTH,
      details: [
        { field: 'body.userId', message: BOTH },
        { field: 'body.name', message: BOTH },
      ],
    });
  });

  it.each(malformedUserIds)('refuses a userId with %s with 400 naming the allowed characters, and writes nothing', async (_case, userId) => {
    const result = await post({ json: { userId, name: 'Ada' } });
    expect(result.statusCode).toBe(400);
    expect(result.body).toEqual({
      error: 'userId must be 1 to 128 characters of letters, digits and _ . @ -',
      details: [{ field: 'body.userId', message: 'userId must be 1 to 128 characters of letters, digits and _ . @ -' }],
    });
    expect(await storedItem(userId)).toBeUndefined();
  });

  it('refuses a name over 256 characters with 400, and writes nothing', async () => {
    const userId = newUserId();
    const result = await post({ json: { userId, name: 'n'.repeat(257) } });
    expect(result.statusCode).toBe(400);
    expect(result.body.error).toBe('name must be at most 256 characters');
    expect(await storedItem(userId)).toBeUndefined();
  });

  it('refuses extra fields with 400 naming them, and writes nothing', async () => {
    const userId = newUserId();
    const result = await post({ json: { userId, name: 'Ada', admin: true, email: 'a@example.com' } });
    expect(result.statusCode).toBe(400);
    expect(result.body.error).toBe('Only "userId" and "name" are accepted; remove "admin", "email"');
    expect(await storedItem(userId)).toBeUndefined();
  });

  it.each([
    ['an array', '[{"userId":"x","name":"y"}]'],
    ['null', 'null'],
    ['a number', '42'],
    ['a string', '"ada"'],
  ])('refuses a JSON body that is %s with 400', async (_case, body) => {
    const result = await post({ body, headers: { 'content-type': 'application/json' } });
    expect(result.statusCode).toBe(400);
    expect(result.body.error).toBe('The request body must be a JSON object: {"userId": "<string>", "name": "<string>"}');
  });

  it('refuses a body that is not JSON with 400, and writes nothing', async () => {
    const userId = newUserId();
    const result = await post({ body: `{"userId": "${userId}", "name": `, headers: { 'content-type': 'application/json' } });
    expect(result.statusCode).toBe(400);
    expect(result.body).toEqual({ error: 'The request body is not valid JSON' });
    expect(await storedItem(userId)).toBeUndefined();
  });

  it('refuses a JSON body sent without a content type with 415, and writes nothing', async () => {
    const userId = newUserId();
    const result = await post({ body: JSON.stringify({ userId, name: 'Ada' }) });
    expect(result.statusCode).toBe(415);
    expect(result.body.error).toMatch(/Content-Type: application\/json/);
    expect(await storedItem(userId)).toBeUndefined();
  });

  it('refuses a JSON body sent as text/plain with 415', async () => {
    const result = await post({ body: JSON.stringify({ userId: newUserId(), name: 'Ada' }), headers: { 'content-type': 'text/plain' } });
    expect(result.statusCode).toBe(415);
  });

  it('refuses a missing body with 415', async () => {
    const result = await post({});
    expect(result.statusCode).toBe(415);
  });
});
