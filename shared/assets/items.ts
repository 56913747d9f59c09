// What every entity of the register does the same way: reading one record by its key, handing out ids,
// one page of a partition, and the answers for a missing record and a busy register. Keys: keys.ts.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, type Item } from '#shared/dynamo/client';
import { queryPage } from '#shared/dynamo/paging';
import { NotFoundError } from '#shared/http/errors';
import { assetsTable, counterKey, listKeyShape, recordKey, type Kind } from '#shared/assets/keys';

/** The next id of a kind: an atomic counter, so concurrent creates never share an id. */
export async function nextId(kind: Kind): Promise<number> {
  const { Attributes } = await dynamo().send(
    new UpdateCommand({
      TableName: assetsTable(),
      Key: counterKey(kind),
      UpdateExpression: 'ADD lastId :one',
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Attributes!.lastId as number;
}

/** The stored record of a kind and id (strongly consistent), or undefined. */
export async function getRecord(kind: Kind, id: number): Promise<Item | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: assetsTable(), Key: recordKey(kind, id), ConsistentRead: true }));
  return Item;
}

/** The 503 of a transaction that kept conflicting with other writes (shared/dynamo/transactions.ts). */
export const BUSY = 'The register is busy with conflicting writes; retry shortly';

export const notFound = (kind: Kind, id: number) => new NotFoundError(`No ${kind} has the id ${id}`);

/** One page of partition `pk` in id order; `list` names the list its cursors belong to. */
export const partitionPage = (list: string, pk: string, limit: number, cursor: string | undefined) =>
  queryPage(
    { TableName: assetsTable(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk } },
    { list, keyShape: listKeyShape(pk), limit, cursor },
  );
