// GET /users/{userId} in process against DynamoDB Local.
import { handler } from '../../../functions/users/get-user';
import { invoke } from '../../helpers/lambda';
import { malformedUserIds, newStoredUser, newUserId } from '../../helpers/users';

const get = (userId: string) =>
  invoke(handler, { path: `/users/${encodeURIComponent(userId)}`, routePath: '/users/{userId}', pathParameters: { userId } });

describe('GET /users/{userId}', () => {
  it('answers 200 with exactly the stored user', async () => {
    const userId = await newStoredUser('Grace Hopper');
    const result = await get(userId);
    expect(result.statusCode).toBe(200);
    expect(result.rawBody).toBe(JSON.stringify({ userId, name: 'Grace Hopper' }));
  });

  it('answers 404 with the contract message for an unknown userId', async () => {
    const result = await get(newUserId('unknown'));
    expect(result.statusCode).toBe(404);
    expect(result.body).toEqual({ error: 'Could not find user with provided "userId"' });
  });

  it.each(malformedUserIds)('answers 400 for a userId with %s', async (_case, userId) => {
    const result = await get(userId);
    expect(result.statusCode).toBe(400);
    expect(result.body).toEqual({
      error: 'userId must be 1 to 128 characters of letters, digits and _ . @ -',
      details: [{ field: 'path.userId', message: 'userId must be 1 to 128 characters of letters, digits and _ . @ -' }],
    });
  });
});
