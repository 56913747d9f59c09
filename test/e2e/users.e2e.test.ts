// The users routes over real HTTP through sls offline, as docs/API.md specifies them.
import { expectContractError, request, type HttpAnswer } from '../helpers/http';
import { malformedUserIds, newUserId, storedItem } from '../helpers/users';

const BOTH = 'Please provide both "userId" and "name"';
const USER_ID_FORMAT = 'userId must be 1 to 128 characters of letters, digits and _ . @ -';
const createUser = (json: unknown) => request('/users', { method: 'POST', json });
const userPath = (userId: string) => `/users/${encodeURIComponent(userId)}`;

describe('the create/read/404 sequence of the original API', () => {
  it('answers exactly as docs/API.md shows', async () => {
    const userId = newUserId('seq');
    const created = await createUser({ userId, name: 'Ada Lovelace' });
    expect(created.status).toBe(201);
    expect(created.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(created.text).toBe(JSON.stringify({ userId, name: 'Ada Lovelace' }));

    const read = await request(userPath(userId));
    expect(read.status).toBe(200);
    expect(read.text).toBe(JSON.stringify({ userId, name: 'Ada Lovelace' }));

    const missing = await request(userPath(newUserId('missing')));
    expectContractError(missing, 404);
    expect(missing.text).toBe('{"error":"Could not find user with provided \\"userId\\""}');
  });
});

describe('POST /users', () => {
  it('answers 409 with the contract message for a userId that exists, and keeps the first user', async () => {
    const userId = newUserId();
    await createUser({ userId, name: 'First' });
    const again = await createUser({ userId, name: 'Second' });
    expectContractError(again, 409);
    expect(again.body).toEqual({ error: 'User with provided "userId" already exists' });
    expect((await request(userPath(userId))).body).toEqual({ userId, name: 'First' });
  });

  it('lets exactly one of 20 concurrent creates of one userId win; the other 19 answer 409', async () => {
    const userId = newUserId('race');
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, attempt) => createUser({ userId, name: `attempt ${attempt}` })),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    const winner = answers.find((answer) => answer.status === 201)!;
    expect((await request(userPath(userId))).body).toEqual(winner.body);
  });

  it.each([
    ['userId missing', () => ({ name: 'Ada' })],
    ['name missing', (userId: string) => ({ userId })],
    ['userId empty', () => ({ userId: '', name: 'Ada' })],
    ['name empty', (userId: string) => ({ userId, name: '' })],
    ['userId not a string', () => ({ userId: 7, name: 'Ada' })],
    ['name not a string', (userId: string) => ({ userId, name: true })],
  ])('answers %s with 400 and the contract message, writing nothing', async (_case, makeBody) => {
    const userId = newUserId();
    const answer = await createUser(makeBody(userId));
    expectContractError(answer, 400);
    expect(answer.body.error).toBe(BOTH);
    expect(answer.body.details.length).toBeGreaterThan(0);
    expect(await storedItem(userId)).toBeUndefined();
  });

  it.each(malformedUserIds)('answers a userId with %s with 400 naming the allowed characters, writing nothing', async (_case, userId) => {
    const answer = await createUser({ userId, name: 'Ada' });
    expectContractError(answer, 400);
    expect(answer.body.error).toBe(USER_ID_FORMAT);
    expect(await storedItem(userId)).toBeUndefined();
  });

  it('answers a name over 256 characters with 400, writing nothing', async () => {
    const userId = newUserId();
    const answer = await createUser({ userId, name: 'n'.repeat(257) });
    expectContractError(answer, 400);
    expect(answer.body.error).toBe('name must be at most 256 characters');
    expect(await storedItem(userId)).toBeUndefined();
  });

  it('answers extra fields with 400 naming them, writing nothing', async () => {
    const userId = newUserId();
    const answer = await createUser({ userId, name: 'Ada', role: 'admin' });
    expectContractError(answer, 400);
    expect(answer.body.error).toBe('Only "userId" and "name" are accepted; remove "role"');
    expect(await storedItem(userId)).toBeUndefined();
  });

  it.each([
    ['an array', [{ userId: 'x', name: 'y' }]],
    ['null', null],
    ['a number', 42],
    ['zero', 0],
    ['false', false],
  ])('answers a JSON body that is %s with 400', async (_case, json) => {
    const answer = await request('/users', { method: 'POST', body: JSON.stringify(json), headers: { 'content-type': 'application/json' } });
    expectContractError(answer, 400);
    expect(answer.body.error).toBe('The request body must be a JSON object: {"userId": "<string>", "name": "<string>"}');
  });

  it('answers a body that is not JSON with 400, writing nothing', async () => {
    const userId = newUserId();
    const answer = await request('/users', { method: 'POST', body: `userId=${userId}&name=Ada`, headers: { 'content-type': 'application/json' } });
    expectContractError(answer, 400);
    expect(answer.body.error).toBe('The request body is not valid JSON');
    expect(await storedItem(userId)).toBeUndefined();
  });

  // A body with no Content-Type at all is a 415 too (see the integration test): sls offline cannot show it,
  // as it adds "content-type: application/json" to any request that has a body and no content type.
  it('answers a JSON body sent as text/plain with 415, writing nothing', async () => {
    const userId = newUserId();
    // fetch sends a string body as text/plain;charset=UTF-8.
    const answer = await request('/users', { method: 'POST', body: JSON.stringify({ userId, name: 'Ada' }) });
    expectContractError(answer, 415);
    expect(await storedItem(userId)).toBeUndefined();
  });
});

describe('GET /users/{userId}', () => {
  it.each([
    ['a space', '/users/ada%20lovelace'],
    ['an encoded slash', '/users/ada%2Fx'],
    ['a non-ASCII letter', '/users/ad%C3%A9'],
    ['a quote', '/users/ada%22'],
    ['129 characters', `/users/${'a'.repeat(129)}`],
  ])('answers a userId with %s with 400', async (_case, path) => {
    const answer = await request(path);
    expectContractError(answer, 400);
    expect(answer.body.error).toBe(USER_ID_FORMAT);
  });

  it('reads a userId with every allowed kind of character', async () => {
    const userId = `${newUserId('Ab9')}_.@-x`;
    await createUser({ userId, name: 'Punctuated' });
    const answer = await request(userPath(userId));
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ userId, name: 'Punctuated' });
  });
});

describe('DELETE /users/{userId}', () => {
  it('answers 204 without a body, after which the user is gone', async () => {
    const userId = newUserId();
    await createUser({ userId, name: 'Ada' });
    const answer = await request(userPath(userId), { method: 'DELETE' });
    expect(answer.status).toBe(204);
    expect(answer.text).toBe('');
    expectContractError(await request(userPath(userId)), 404);
  });

  it('answers an unknown userId with 404 and the contract message', async () => {
    const answer = await request(userPath(newUserId('unknown')), { method: 'DELETE' });
    expectContractError(answer, 404);
    expect(answer.body).toEqual({ error: 'Could not find user with provided "userId"' });
  });

  it('answers a userId with characters outside the allowed set with 400', async () => {
    const answer = await request('/users/ada%20lovelace', { method: 'DELETE' });
    expectContractError(answer, 400);
    expect(answer.body.error).toBe(USER_ID_FORMAT);
  });
});

describe('GET /users', () => {
  const mine = Array.from({ length: 5 }, (_, index) => newUserId(`e2e-list-${index}`));
  beforeAll(async () => {
    for (const userId of mine) await createUser({ userId, name: `Name of ${userId}` });
  });

  it('walks every page to nextCursor null, returning every user once', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const answer: HttpAnswer<{ users: { userId: string }[]; nextCursor: string | null }> = await request(`/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(answer.status).toBe(200);
      expect(Object.keys(answer.body).sort()).toEqual(['nextCursor', 'users']);
      expect(answer.body.users.length).toBeLessThanOrEqual(2);
      seen.push(...answer.body.users.map((user) => user.userId));
      cursor = answer.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const userId of mine) expect(seen).toContain(userId);
  });

  it('answers users as exactly {"userId", "name"}', async () => {
    // The table may hold thousands of other tests' users (the load test): follow the pages to ours.
    let user: { userId: string } | undefined;
    let cursor: string | null = null;
    do {
      const answer: HttpAnswer<{ users: { userId: string }[]; nextCursor: string | null }> = await request(`/users?limit=1000${cursor ? `&cursor=${cursor}` : ''}`);
      user = answer.body.users.find((candidate) => candidate.userId === mine[0]);
      cursor = answer.body.nextCursor;
    } while (!user && cursor);
    expect(user).toEqual({
      userId: mine[0],
      name: `Name of ${mine[0]}`,
    });
  });

  it.each(['0', 'abc', '100000'])('answers limit=%s with 400', async (limit) => {
    const answer = await request(`/users?limit=${limit}`);
    expectContractError(answer, 400);
    expect(answer.body.error).toBe('limit must be a whole number from 1 to 1000');
  });

  it.each([
    ['forged', Buffer.from(JSON.stringify({ l: 'users', k: { pk: 'EVENT#1' } })).toString('base64url')],
    ['from another list', Buffer.from(JSON.stringify({ l: 'events', k: { userId: 'ada' } })).toString('base64url')],
    ['garbage', 'not-a-cursor'],
    ['with characters outside base64url', 'abc%24'],
  ])('answers a %s cursor with 400', async (_case, cursor) => {
    const answer = await request(`/users?cursor=${cursor}`);
    expectContractError(answer, 400);
    expect(answer.body.error).toMatch(/cursor/);
  });
});
