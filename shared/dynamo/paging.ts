// Reading a Query page after page. A Query answers at most `Limit` items and at most 1 MB at a time, and
// says where to go on (LastEvaluatedKey); these are the three ways our stores go on.
import { QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type * as z from 'zod/mini';
import { dynamo, type Item } from '#shared/dynamo/client';
import { decodeCursor, encodeCursor, type PageKey } from '#shared/http/pagination';

/** Every item the Query matches. Only for results known to be small (a bounded topic, a bounded date range). */
export async function queryAll(input: QueryCommandInput): Promise<Item[]> {
  const items: Item[] = [];
  let startKey = input.ExclusiveStartKey;
  do {
    const answer = await dynamo().send(new QueryCommand({ ...input, ExclusiveStartKey: startKey }));
    items.push(...(answer.Items ?? []));
    startKey = answer.LastEvaluatedKey;
  } while (startKey);
  return items;
}

export interface QueryPage<T> {
  items: T[];
  /** True when more items lie beyond `items` within the same bounds. */
  more: boolean;
}

/** The first `want` items the Query matches, and whether there are more (it asks for one more to know). */
export async function queryUpTo(input: QueryCommandInput, want: number): Promise<QueryPage<Item>> {
  const items: Item[] = [];
  let startKey = input.ExclusiveStartKey;
  do {
    const answer = await dynamo().send(new QueryCommand({ ...input, ExclusiveStartKey: startKey, Limit: want + 1 - items.length }));
    items.push(...(answer.Items ?? []));
    startKey = answer.LastEvaluatedKey;
  } while (startKey && items.length <= want);
  return { items: items.slice(0, want), more: items.length > want };
}

/**
 * One page of a list as the contract pages it (shared/http/pagination.ts): at most `limit` items, from where
 * `cursor` (the previous page's nextCursor, made for `list`, its key of exactly the shape `keyShape`) left off.
 */
export async function queryPage<S extends z.ZodMiniObject>(
  input: QueryCommandInput,
  page: { list: string; keyShape: S; limit: number; cursor: string | undefined },
): Promise<{ items: Item[]; nextCursor: string | null }> {
  const { Items = [], LastEvaluatedKey } = await dynamo().send(
    new QueryCommand({ ...input, Limit: page.limit, ExclusiveStartKey: decodeCursor(page.list, page.cursor, page.keyShape) }),
  );
  return { items: Items, nextCursor: encodeCursor(page.list, LastEvaluatedKey as PageKey | undefined) };
}
