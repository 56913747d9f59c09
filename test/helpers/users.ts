// What the users tests share: unique ids (tests share one database) and a direct look at the table,
// to prove that a refused request wrote nothing.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { tableName } from '#shared/config/index';
import { dynamo } from '#shared/dynamo/client';

/** A userId no other test uses. */
export const newUserId = (label = 'user') => `${label}-${randomUUID()}`;

/** The item stored under `userId`, read straight from the table, or undefined. */
export async function storedItem(userId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName('users'), Key: { userId }, ConsistentRead: true }));
  return Item;
}
