// Analysts of the asset register. An analyst item also keeps `assetCount`, the store's own bookkeeping that
// refuses deleting an analyst who still has assets (keys and rules: keys.ts).
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, isConditionFailure, type Item } from '#shared/dynamo/client';
import { ConflictError } from '#shared/http/errors';
import { analystKey, assetsTable, partitions } from '#shared/assets/keys';
import { getRecord, nextId, notFound, partitionPage } from '#shared/assets/items';
import type { Analyst, AnalystInput } from '#shared/assets/schemas';

const toAnalyst = (item: Item): Analyst => ({ id: item.id, name: item.name, company: item.company });

export async function listAnalysts(limit: number, cursor?: string) {
  const { items, nextCursor } = await partitionPage('analysts', partitions.analyst, limit, cursor);
  return { analysts: items.map(toAnalyst), nextCursor };
}

export async function createAnalyst(input: AnalystInput): Promise<Analyst> {
  const analyst = { id: await nextId('analyst'), ...input };
  await dynamo().send(
    new PutCommand({
      TableName: assetsTable(),
      Item: { ...analystKey(analyst.id), ...analyst, assetCount: 0 },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return analyst;
}

export async function getAnalyst(id: number): Promise<Analyst> {
  const item = await getRecord('analyst', id);
  if (!item) throw notFound('analyst', id);
  return toAnalyst(item);
}

/** Replaces name and company; the asset count is the store's own bookkeeping and stays. */
export async function replaceAnalyst(id: number, input: AnalystInput): Promise<Analyst> {
  try {
    const { Attributes } = await dynamo().send(
      new UpdateCommand({
        TableName: assetsTable(),
        Key: analystKey(id),
        UpdateExpression: 'SET #name = :name, company = :company',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#name': 'name' },
        ExpressionAttributeValues: { ':name': input.name, ':company': input.company },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return toAnalyst(Attributes!);
  } catch (error) {
    if (isConditionFailure(error)) throw notFound('analyst', id);
    throw error;
  }
}

export async function deleteAnalyst(id: number): Promise<Analyst> {
  try {
    const { Attributes } = await dynamo().send(
      new DeleteCommand({
        TableName: assetsTable(),
        Key: analystKey(id),
        ConditionExpression: 'attribute_exists(pk) AND assetCount = :zero',
        ExpressionAttributeValues: { ':zero': 0 },
        ReturnValues: 'ALL_OLD',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return toAnalyst(Attributes!);
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const stored = (error as { Item?: { assetCount?: { N?: string } } }).Item;
    if (!stored) throw notFound('analyst', id);
    const count = Number(stored.assetCount?.N ?? 0);
    throw new ConflictError(`The analyst ${id} still has ${count} asset(s); delete them or move them to another analyst first`);
  }
}
