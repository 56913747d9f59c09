// DynamoDB access of the users service.
//
// Key design: one item per user in the users table, partition key `userId` (string), no sort key,
// attributes `userId`, `name` and `createToken` (never returned: a random token of the create that wrote
// the item; when an attempt's answer is lost after the write landed, the SDK's retry fails its condition
// on that very item, and the token tells it apart from another client's create, so it is a 201, not a 409). Every read or write of one user is a single-item call on its
// key: GetItem (strongly consistent, so a read right after a create sees it), PutItem with
// `attribute_not_exists(userId)` (a create never overwrites: of two concurrent creates of one id,
// exactly one succeeds), DeleteItem with `attribute_exists(userId)` (an unknown id is a 404).
//
// Listing is a Scan with Limit and ExclusiveStartKey: the only way to list a table keyed on the
// user's id alone. Its cost grows with the page asked for (at most `limit` items read), not with the
// table. Pages come in the table's hash order, which is fixed: the same cursor gives the same page,
// and walking from the first page to `nextCursor: null` returns every user that existed throughout
// exactly once. The alternative, every user under one constant partition key with `userId` as sort key,
// would give alphabetical pages but put all traffic on one partition; no route needs that order.
import { DeleteCommand, GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import { tableName } from '#shared/config/index';
import { dynamo, isConditionFailure } from '#shared/dynamo/client';
import { ConflictError, NotFoundError } from '#shared/http/errors';
import { decodeCursor, encodeCursor } from '#shared/http/pagination';
import { lazySchema } from '#shared/http/route';
import { messages, userIdSchema, type User } from '#shared/users/schemas';

/** The cursor names this list; a cursor made for any other list, or any other key shape, is refused. */
const LIST = 'users';
const pageKeyShape = lazySchema(() => z.object({ userId: userIdSchema() }));

const toUser = (item: Record<string, unknown>): User => ({ userId: String(item.userId), name: String(item.name) });

/** Whether the item that failed the condition is the one this very create wrote (on an earlier attempt). */
const writtenBy = (error: unknown, createToken: string) =>
  (error as { Item?: { createToken?: { S?: string } } }).Item?.createToken?.S === createToken;

/** Stores a new user; a userId that exists is a 409 and the stored user is left as it was. */
export async function createUser(user: User): Promise<User> {
  const createToken = randomUUID();
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName('users'),
        Item: { userId: user.userId, name: user.name, createToken },
        ConditionExpression: 'attribute_not_exists(userId)',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
  } catch (error) {
    if (isConditionFailure(error) && writtenBy(error, createToken)) return user;
    if (isConditionFailure(error)) throw new ConflictError(messages.alreadyExists);
    throw error;
  }
  return user;
}

export async function getUser(userId: string): Promise<User> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName('users'), Key: { userId }, ConsistentRead: true }),
  );
  if (!Item) throw new NotFoundError(messages.notFound);
  return toUser(Item);
}

export interface UserPage {
  users: User[];
  nextCursor: string | null;
}

/** One page of users in the table's (stable) order; `cursor` is the previous page's `nextCursor`. */
export async function listUsers(limit: number, cursor?: string): Promise<UserPage> {
  const { Items = [], LastEvaluatedKey } = await dynamo().send(
    new ScanCommand({
      TableName: tableName('users'),
      Limit: limit,
      ExclusiveStartKey: decodeCursor(LIST, cursor, pageKeyShape()),
    }),
  );
  const lastKey = LastEvaluatedKey ? { userId: String(LastEvaluatedKey.userId) } : undefined;
  return { users: Items.map(toUser), nextCursor: encodeCursor(LIST, lastKey) };
}

/** Deletes a user; an unknown userId is a 404. */
export async function deleteUser(userId: string): Promise<void> {
  try {
    await dynamo().send(
      new DeleteCommand({
        TableName: tableName('users'),
        Key: { userId },
        ConditionExpression: 'attribute_exists(userId)',
      }),
    );
  } catch (error) {
    if (isConditionFailure(error)) throw new NotFoundError(messages.notFound);
    throw error;
  }
}
