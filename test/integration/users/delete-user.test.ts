// DELETE /users/{userId} in process against DynamoDB Local.
import { createUser } from '#shared/users/store';
import { handler } from '../../../functions/users/delete-user';
import { invoke } from '../../helpers/lambda';
import { newStoredUser, newUserId, storedItem } from '../../helpers/users';

const remove = (userId: string) =>
  invoke(handler, { method: 'DELETE', path: `/users/${encodeURIComponent(userId)}`, routePath: '/users/{userId}', pathParameters: { userId } });

describe('DELETE /users/{userId}', () => {
  it('deletes the user and answers 204 without a body', async () => {
    const userId = await newStoredUser('Alan Turing');
    const result = await remove(userId);
    expect(result.statusCode).toBe(204);
    expect(result.rawBody).toBeUndefined();
    expect(await storedItem(userId)).toBeUndefined();
  });

  it('answers 404 with the contract message for an unknown userId', async () => {
    const result = await remove(newUserId('unknown'));
    expect(result.statusCode).toBe(404);
    expect(result.body).toEqual({ error: 'Could not find user with provided "userId"' });
  });

  it('answers 404 to a second delete of the same user', async () => {
    const userId = await newStoredUser('Alan Turing');
    await remove(userId);
    const result = await remove(userId);
    expect(result.statusCode).toBe(404);
  });

  it('leaves the other users in place', async () => {
    const [kept, deleted] = [newUserId('kept'), newUserId('deleted')];
    await createUser({ userId: kept, name: 'Kept' });
    await createUser({ userId: deleted, name: 'Deleted' });
    await remove(deleted);
    expect(await storedItem(kept)).toEqual({ userId: kept, name: 'Kept' });
  });

  it('answers 400 for a userId with characters outside the allowed set', async () => {
    const result = await remove('ada lovelace');
    expect(result.statusCode).toBe(400);
    expect(result.body.error).toBe('userId must be 1 to 128 characters of letters, digits and _ . @ -');
  });

  it('lets the userId be created again after the delete', async () => {
    const userId = newUserId();
    await createUser({ userId, name: 'Before' });
    await remove(userId);
    await expect(createUser({ userId, name: 'After' })).resolves.toEqual({ userId, name: 'After' });
  });
});
