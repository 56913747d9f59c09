// What the users tests share: unique ids (tests share one database) and a direct look at the table,
// to prove that a refused request wrote nothing.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { tableName } from '#shared/config/index';
import { dynamo } from '#shared/dynamo/client';
import { createUser } from '#shared/users/store';

/** A userId no other test uses. */
export const newUserId = (label = 'user') => `${label}-${randomUUID()}`;

/** userIds outside the allowed alphabet or length, as [what is wrong, the id]: every route answers them with 400. */
export const malformedUserIds: [string, string][] = [
  ['a space', 'ada lovelace'],
  ['a quote', 'ada"'],
  ['a slash', 'ada/lovelace'],
  ['a non-ASCII letter', 'adé'],
  ['a plus sign', 'ada+1'],
  ['129 characters', 'a'.repeat(129)],
];

/** Stores a new user called `name` (straight through the store) and resolves with its userId. */
export async function newStoredUser(name: string): Promise<string> {
  const userId = newUserId();
  await createUser({ userId, name });
  return userId;
}

/** The item stored under `userId`, read straight from the table, or undefined. */
export async function storedItem(userId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName('users'), Key: { userId }, ConsistentRead: true }));
  if (!Item) return undefined;
  // The create's token is bookkeeping for retried creates (see shared/users/store.ts), not part of the user.
  const { createToken: _token, ...user } = Item;
  return user;
}
