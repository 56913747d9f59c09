// GetItem for many keys of one table. BatchGetItem takes at most 100 keys a request and may answer only
// some of them (UnprocessedKeys, when the table is busy): the rest are asked again after a backoff, until
// every key is answered (the function's timeout bounds the wait).
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { backOff } from '#shared/dynamo/backoff';
import { dynamo, type Item } from '#shared/dynamo/client';

const KEYS_PER_REQUEST = 100;

/** The items stored under these keys (strongly consistent), in no particular order; missing keys are left out. */
export async function batchGetAll(table: string, keys: Item[]): Promise<Item[]> {
  const items: Item[] = [];
  for (let start = 0; start < keys.length; start += KEYS_PER_REQUEST) {
    let pending = keys.slice(start, start + KEYS_PER_REQUEST);
    for (let retry = 0; pending.length > 0; retry += 1) {
      if (retry > 0) await backOff(retry);
      const answer = await dynamo().send(new BatchGetCommand({ RequestItems: { [table]: { Keys: pending, ConsistentRead: true } } }));
      items.push(...(answer.Responses?.[table] ?? []));
      pending = answer.UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  return items;
}
