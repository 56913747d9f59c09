// Assets of the register. Every write of an asset is one transaction with its analyst's `assetCount`, and a
// create also notifies the topic's subscribers in it (keys and rules: keys.ts).
import type { Item } from '#shared/dynamo/client';
import { queryAll } from '#shared/dynamo/paging';
import { conditionFailed, transactWrite, type TransactItem } from '#shared/dynamo/transactions';
import { UnavailableError, ValidationError } from '#shared/http/errors';
import { analystKey, assetKey, assetsTable, notificationKey, partitions } from '#shared/assets/keys';
import { BUSY, getRecord, nextId, notFound, partitionPage } from '#shared/assets/items';
import type { Asset, AssetInput, Topic } from '#shared/assets/schemas';

export const toAsset = (item: Item): Asset => ({
  id: item.id,
  name: item.name,
  description: item.description ?? null,
  inception_date: item.inception_date,
  is_active: item.is_active,
  analyst_id: item.analyst_id,
});

const today = () => new Date().toISOString().slice(0, 10);

const assetRecord = (id: number, input: AssetInput): Asset => ({
  id,
  name: input.name,
  description: input.description ?? null,
  inception_date: input.inception_date ?? today(),
  is_active: input.is_active,
  analyst_id: input.analyst_id,
});

const unknownAnalyst = (id: number) =>
  new ValidationError(`No analyst has the id ${id}; create the analyst first`, [
    { field: 'body.analyst_id', message: 'no analyst has this id' },
  ]);

export async function listAssets(limit: number, cursor?: string) {
  const { items, nextCursor } = await partitionPage('assets', partitions.asset, limit, cursor);
  return { assets: items.map(toAsset), nextCursor };
}

export async function getAsset(id: number): Promise<Asset> {
  const item = await getRecord('asset', id);
  if (!item) throw notFound('asset', id);
  return toAsset(item);
}

/** `ADD assetCount delta` on an analyst that must exist. */
const countAsset = (analystId: number, delta: 1 | -1): TransactItem => ({
  Update: {
    TableName: assetsTable(),
    Key: analystKey(analystId),
    UpdateExpression: 'ADD assetCount :delta',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':delta': delta },
  },
});

/** The subscribers a new asset notifies: at most MAX_SUBSCRIBERS_PER_TOPIC, so one short Query. */
const subscribersOf = (topic: Topic): Promise<Item[]> =>
  queryAll({
    TableName: assetsTable(),
    KeyConditionExpression: 'pk = :pk',
    FilterExpression: 'topic = :topic',
    ExpressionAttributeValues: { ':pk': partitions.subscription, ':topic': topic },
    ConsistentRead: true,
  });

/** Writes the asset, counts it on its analyst (who must exist) and notifies every subscriber, in one transaction. */
export async function createAsset(input: AssetInput): Promise<Asset> {
  const topic: Topic = 'asset::creation';
  const subscribers = await subscribersOf(topic);
  const asset = assetRecord(await nextId('asset'), input);
  const createdAt = new Date().toISOString();
  const reasons = await transactWrite(
    [
      { Put: { TableName: assetsTable(), Item: { ...assetKey(asset.id), ...asset }, ConditionExpression: 'attribute_not_exists(pk)' } },
      countAsset(asset.analyst_id, 1),
      ...subscribers.map((subscriber) => ({
        Put: {
          TableName: assetsTable(),
          Item: { ...notificationKey(subscriber.id, asset.id), subscription_id: subscriber.id, topic, created_at: createdAt, asset },
        },
      })),
    ],
    BUSY,
  );
  if (reasons && conditionFailed(reasons, 1)) throw unknownAnalyst(asset.analyst_id);
  if (reasons) throw new Error(`Creating asset ${asset.id} was cancelled: ${reasons.join(', ')}`);
  return asset;
}

/**
 * Runs `attempt` on the asset as stored now; when the asset changed under it (its condition failed),
 * reads again and retries, so that a concurrent PUT never makes the analysts' counts drift.
 */
async function withCurrentAsset<T>(id: number, attempt: (current: Asset) => Promise<T | 'changed'>): Promise<T> {
  for (let tries = 0; tries < 5; tries += 1) {
    const item = await getRecord('asset', id);
    if (!item) throw notFound('asset', id);
    const result = await attempt(toAsset(item));
    if (result !== 'changed') return result;
  }
  throw new UnavailableError('The asset is being changed by other requests; retry shortly', 1);
}

const unchangedAnalyst = (current: Asset) => ({
  ConditionExpression: 'analyst_id = :analyst',
  ExpressionAttributeValues: { ':analyst': current.analyst_id },
});

export async function replaceAsset(id: number, input: AssetInput): Promise<Asset> {
  const asset = assetRecord(id, input);
  return withCurrentAsset(id, async (current) => {
    const put: TransactItem = { Put: { TableName: assetsTable(), Item: { ...assetKey(id), ...asset }, ...unchangedAnalyst(current) } };
    const moved = current.analyst_id !== asset.analyst_id;
    const reasons = await transactWrite(moved ? [put, countAsset(asset.analyst_id, 1), countAsset(current.analyst_id, -1)] : [put], BUSY);
    if (!reasons) return asset;
    if (conditionFailed(reasons, 0)) return 'changed';
    if (conditionFailed(reasons, 1)) throw unknownAnalyst(asset.analyst_id);
    throw new Error(`Replacing asset ${id} was cancelled: ${reasons.join(', ')}`);
  });
}

export async function deleteAsset(id: number): Promise<Asset> {
  return withCurrentAsset(id, async (current) => {
    const reasons = await transactWrite(
      [{ Delete: { TableName: assetsTable(), Key: assetKey(id), ...unchangedAnalyst(current) } }, countAsset(current.analyst_id, -1)],
      BUSY,
    );
    if (!reasons) return current;
    if (conditionFailed(reasons, 0)) return 'changed';
    throw new Error(`Deleting asset ${id} was cancelled: ${reasons.join(', ')}`);
  });
}
