// GET /users?limit&cursor in process against DynamoDB Local. Other tests write users into the same
// table at the same time, so these assertions look at this file's own users within the pages.
import { claimKey } from '#shared/events/keys';
import { encodeCursor } from '#shared/http/pagination';
import { createUser } from '#shared/users/store';
import { handler } from '../../../functions/users/list-users';
import { invoke } from '../../helpers/lambda';
import { newUserId } from '../../helpers/users';

const list = (query: Record<string, string> = {}) => invoke(handler, { path: '/users', query });

interface Page {
  users: { userId: string; name: string }[];
  nextCursor: string | null;
}

/** Every user, page by page, following nextCursor until it is null. */
async function walk(limit: number): Promise<{ userIds: string[]; pages: number }> {
  const userIds: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const result = await list(cursor ? { limit: String(limit), cursor } : { limit: String(limit) });
    expect(result.statusCode).toBe(200);
    const page = result.body as Page;
    expect(page.users.length).toBeLessThanOrEqual(limit);
    userIds.push(...page.users.map((user) => user.userId));
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor);
  return { userIds, pages };
}

describe('GET /users', () => {
  const mine = Array.from({ length: 7 }, (_, index) => newUserId(`list-${index}`));
  beforeAll(async () => {
    for (const userId of mine) await createUser({ userId, name: `Name of ${userId}` });
  });

  it('walks every page to nextCursor null and returns every user exactly once', async () => {
    const { userIds, pages } = await walk(3);
    expect(pages).toBeGreaterThan(2);
    expect(new Set(userIds).size).toBe(userIds.length);
    for (const userId of mine) expect(userIds.filter((id) => id === userId)).toHaveLength(1);
  });

  it('answers users as exactly {"userId", "name"}', async () => {
    // The table may hold thousands of other tests' users (the load test): follow the pages to ours.
    let user: Page['users'][number] | undefined;
    let cursor: string | null = null;
    do {
      const page: Page = (await list(cursor ? { limit: '1000', cursor } : { limit: '1000' })).body;
      user = page.users.find((candidate) => candidate.userId === mine[0]);
      cursor = page.nextCursor;
    } while (!user && cursor);
    expect(user).toEqual({ userId: mine[0], name: `Name of ${mine[0]}` });
  });

  it('gives pages in a stable order: two walks list the users in the same order', async () => {
    const first = (await walk(2)).userIds.filter((id) => mine.includes(id));
    const second = (await walk(5)).userIds.filter((id) => mine.includes(id));
    expect(second).toEqual(first);
  });

  it('answers the same cursor with the same continuation', async () => {
    const { body } = await list({ limit: '1' });
    const cursor = (body as Page).nextCursor!;
    const ownUsers = async () =>
      ((await list({ limit: '1000', cursor })).body as Page).users.filter((user) => mine.includes(user.userId));
    expect(await ownUsers()).toEqual(await ownUsers());
  });

  it('answers limit 1 with one user and a cursor', async () => {
    const { statusCode, body } = await list({ limit: '1' });
    expect(statusCode).toBe(200);
    expect((body as Page).users).toHaveLength(1);
    expect(typeof (body as Page).nextCursor).toBe('string');
  });

  it('defaults to pages of at most 100 users', async () => {
    const { statusCode, body } = await list();
    expect(statusCode).toBe(200);
    expect((body as Page).users.length).toBeLessThanOrEqual(100);
    expect((body as Page).users.length).toBeGreaterThanOrEqual(Math.min(mine.length, 100));
  });

  it.each(['0', 'abc', '100000', '1001', '-1', '1.5', ''])('answers limit=%p with 400', async (limit) => {
    const result = await list({ limit });
    expect(result.statusCode).toBe(400);
    expect(result.body.error).toBe('limit must be a whole number from 1 to 1000');
  });

  it.each([
    ['not base64 JSON', 'bm90LWpzb24'],
    ['characters outside base64url', 'abc$%^'],
    ['another list', encodeCursor('events', { userId: 'ada' })!],
    ['another table key', encodeCursor('users', claimKey('1'))!],
    ['an extra key attribute', encodeCursor('users', { userId: 'ada', sk: 'x' })!],
    ['a numeric userId', encodeCursor('users', { userId: 5 })!],
    ['a userId with characters outside the allowed set', encodeCursor('users', { userId: 'a b' })!],
    ['nothing in it', ''],
  ])('answers a cursor with %s with 400', async (_case, cursor) => {
    const result = await list({ limit: '2', cursor });
    expect(result.statusCode).toBe(400);
    expect(result.body.error).toMatch(/cursor/);
  });

  it('answers a cursor edited by one character with 400', async () => {
    const { body } = await list({ limit: '2' });
    const cursor = (body as Page).nextCursor!;
    const tampered = `${cursor.slice(0, 5)}${cursor[5] === 'A' ? 'B' : 'A'}${cursor.slice(6)}`;
    const result = await list({ limit: '2', cursor: tampered });
    expect(result.statusCode).toBe(400);
  });
});
