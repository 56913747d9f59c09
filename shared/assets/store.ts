// The asset register in one DynamoDB table (AssetsTable), single-table design.
//
// Key design (pk, sk are strings; ids are written as 16 zero-padded digits so that they sort as numbers):
//
//   pk                       sk                  attributes
//   COUNTER                  analyst | asset |   lastId                     UpdateItem ADD lastId 1 hands out ids
//                            subscription
//   ANALYST                  <id>                id, name, company, assetCount
//   ASSET                    <id>                id, name, description, inception_date, is_active, analyst_id
//   SUBSCRIPTION             <id>                id, email, topic
//   SUBSCRIBER#<topic>#<email, lowercased>  -    subscriptionId             one subscription per address and topic
//   TOPIC                    <topic>             subscriberCount            bounds the asset-creation transaction
//   NOTIFICATIONS#<sub id>   <asset id>          subscription_id, topic, created_at, asset (the record as created)
//
// Every list is a Query of one partition (ANALYST, ASSET, NOTIFICATIONS#<id>) in sk order: no Scan.
// One partition per entity type is fine at this register's scale (a partition serves 3000 reads and
// 1000 writes a second); a much larger register would shard the partition key.
//
// Referential rules, each enforced inside one TransactWriteItems so that no interleaving breaks them:
// - An asset's analyst exists at write time: creating an asset (or moving it to another analyst) updates the
//   analyst item with `ADD assetCount 1` conditioned on `attribute_exists(pk)`; a missing analyst cancels
//   the transaction (-> 400). Deleting or moving an asset subtracts 1 in the same transaction.
// - An analyst with assets cannot be deleted: the delete is conditioned on `assetCount = 0` (-> 409). Because
//   asset writes and the analyst delete touch the same analyst item, DynamoDB serialises them: either the
//   asset lands first (and the delete sees assetCount > 0) or the delete does (and the asset write fails).
//   So an asset whose analyst is unchanged needs no check of its own: its analyst cannot disappear.
// - Creating an asset writes one notification per subscriber of asset::creation in its transaction. A
//   transaction holds at most 100 items; the asset and its analyst take 2, so a topic holds at most 98
//   subscribers (MAX_SUBSCRIBERS_PER_TOPIC), enforced by TOPIC.subscriberCount in the subscription's
//   own transaction (-> 409 when full).
// A subscription deleted while an asset is being created may leave that one notification behind under
// NOTIFICATIONS#<its id>: unreachable (the subscription answers 404, and ids are never reused).
import type { NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import { tableName } from '#shared/config/index';
import { cancellationReasons, dynamo, isConditionFailure } from '#shared/dynamo/client';
import { ConflictError, NotFoundError, UnavailableError, ValidationError } from '#shared/http/errors';
import { decodeCursor, encodeCursor, type PageKey } from '#shared/http/pagination';
import type {
  Analyst,
  AnalystInput,
  Asset,
  AssetInput,
  Notification,
  Subscription,
  SubscriptionInput,
  Topic,
} from '#shared/assets/schemas';

export const MAX_SUBSCRIBERS_PER_TOPIC = 98;

type Item = Record<string, NativeAttributeValue>;
type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
type Kind = 'analyst' | 'asset' | 'subscription';

const table = () => tableName('assets');
const sortKey = (id: number) => String(id).padStart(16, '0');
const partitions = { analyst: 'ANALYST', asset: 'ASSET', subscription: 'SUBSCRIPTION' } as const;
const keyOf = (kind: Kind, id: number) => ({ pk: partitions[kind], sk: sortKey(id) });
const notificationsPartition = (subscriptionId: number) => `NOTIFICATIONS#${subscriptionId}`;
const subscriberKey = (topic: string, email: string) => ({ pk: `SUBSCRIBER#${topic}#${email.toLowerCase()}`, sk: '-' });
const topicKey = (topic: string) => ({ pk: 'TOPIC', sk: topic });
const today = () => new Date().toISOString().slice(0, 10);

const toAnalyst = (item: Item): Analyst => ({ id: item.id, name: item.name, company: item.company });
const toAsset = (item: Item): Asset => ({
  id: item.id,
  name: item.name,
  description: item.description ?? null,
  inception_date: item.inception_date,
  is_active: item.is_active,
  analyst_id: item.analyst_id,
});
const toSubscription = (item: Item): Subscription => ({ id: item.id, email: item.email, topic: item.topic });
const toNotification = (item: Item): Notification => ({
  subscription_id: item.subscription_id,
  topic: item.topic,
  created_at: item.created_at,
  asset: toAsset(item.asset),
});

const notFound = (kind: Kind, id: number) => new NotFoundError(`No ${kind} has the id ${id}`);
const unknownAnalyst = (id: number) =>
  new ValidationError(`No analyst has the id ${id}; create the analyst first`, [
    { field: 'body.analyst_id', message: 'no analyst has this id' },
  ]);

/** The next id of a kind: an atomic counter, so concurrent creates never share an id. */
async function nextId(kind: Kind): Promise<number> {
  const { Attributes } = await dynamo().send(
    new UpdateCommand({
      TableName: table(),
      Key: { pk: 'COUNTER', sk: kind },
      UpdateExpression: 'ADD lastId :one',
      ExpressionAttributeValues: { ':one': 1 },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Attributes!.lastId as number;
}

async function getItem(kind: Kind, id: number): Promise<Item | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: keyOf(kind, id), ConsistentRead: true }));
  return Item;
}

/**
 * Runs a transaction; answers undefined when it committed, or one cancellation code per item when a
 * condition failed. Conflicts with other in-flight transactions are retried a few times with jitter.
 */
async function transact(items: TransactItem[]): Promise<string[] | undefined> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await dynamo().send(new TransactWriteCommand({ TransactItems: items }));
      return undefined;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      if (reasons.includes('ConditionalCheckFailed')) return reasons;
      if (!reasons.includes('TransactionConflict')) throw error;
      if (attempt === 6) throw new UnavailableError('The register is busy with conflicting writes; retry shortly', 1);
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * 2 ** attempt));
    }
  }
}

const failed = (reasons: string[], index: number) => reasons[index] === 'ConditionalCheckFailed';

/** Cursor key of a list in partition `pk`: exactly that partition and a padded id. */
const cursorKey = (pk: string) => z.object({ pk: z.literal(pk), sk: z.string().check(z.regex(/^[0-9]{16}$/)) });

async function queryPage(list: string, pk: string, limit: number, cursor: string | undefined) {
  const { Items = [], LastEvaluatedKey } = await dynamo().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': pk },
      Limit: limit,
      ExclusiveStartKey: decodeCursor(list, cursor, cursorKey(pk)),
    }),
  );
  return { items: Items, nextCursor: encodeCursor(list, LastEvaluatedKey as PageKey | undefined) };
}

// ---- analysts ----

export async function listAnalysts(limit: number, cursor?: string) {
  const { items, nextCursor } = await queryPage('analysts', partitions.analyst, limit, cursor);
  return { analysts: items.map(toAnalyst), nextCursor };
}

export async function createAnalyst(input: AnalystInput): Promise<Analyst> {
  const analyst = { id: await nextId('analyst'), ...input };
  await dynamo().send(
    new PutCommand({
      TableName: table(),
      Item: { ...keyOf('analyst', analyst.id), ...analyst, assetCount: 0 },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return analyst;
}

export async function getAnalyst(id: number): Promise<Analyst> {
  const item = await getItem('analyst', id);
  if (!item) throw notFound('analyst', id);
  return toAnalyst(item);
}

/** Replaces name and company; the asset count is the store's own bookkeeping and stays. */
export async function replaceAnalyst(id: number, input: AnalystInput): Promise<Analyst> {
  try {
    const { Attributes } = await dynamo().send(
      new UpdateCommand({
        TableName: table(),
        Key: keyOf('analyst', id),
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
        TableName: table(),
        Key: keyOf('analyst', id),
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

// ---- assets ----

export async function listAssets(limit: number, cursor?: string) {
  const { items, nextCursor } = await queryPage('assets', partitions.asset, limit, cursor);
  return { assets: items.map(toAsset), nextCursor };
}

export async function getAsset(id: number): Promise<Asset> {
  const item = await getItem('asset', id);
  if (!item) throw notFound('asset', id);
  return toAsset(item);
}

const assetRecord = (id: number, input: AssetInput): Asset => ({
  id,
  name: input.name,
  description: input.description ?? null,
  inception_date: input.inception_date ?? today(),
  is_active: input.is_active,
  analyst_id: input.analyst_id,
});

/** `ADD assetCount delta` on an analyst that must exist. */
const countAsset = (analystId: number, delta: 1 | -1): TransactItem => ({
  Update: {
    TableName: table(),
    Key: keyOf('analyst', analystId),
    UpdateExpression: 'ADD assetCount :delta',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':delta': delta },
  },
});

/** The subscribers a new asset notifies: at most MAX_SUBSCRIBERS_PER_TOPIC, so one short Query. */
async function subscribersOf(topic: Topic): Promise<Item[]> {
  const subscribers: Item[] = [];
  let startKey: Item | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: table(),
        KeyConditionExpression: 'pk = :pk',
        FilterExpression: 'topic = :topic',
        ExpressionAttributeValues: { ':pk': partitions.subscription, ':topic': topic },
        ConsistentRead: true,
        ExclusiveStartKey: startKey,
      }),
    );
    subscribers.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return subscribers;
}

/** Writes the asset, counts it on its analyst (who must exist) and notifies every subscriber, in one transaction. */
export async function createAsset(input: AssetInput): Promise<Asset> {
  const topic: Topic = 'asset::creation';
  const subscribers = await subscribersOf(topic);
  const asset = assetRecord(await nextId('asset'), input);
  const createdAt = new Date().toISOString();
  const reasons = await transact([
    { Put: { TableName: table(), Item: { ...keyOf('asset', asset.id), ...asset }, ConditionExpression: 'attribute_not_exists(pk)' } },
    countAsset(asset.analyst_id, 1),
    ...subscribers.map((subscriber) => ({
      Put: {
        TableName: table(),
        Item: {
          pk: notificationsPartition(subscriber.id),
          sk: sortKey(asset.id),
          subscription_id: subscriber.id,
          topic,
          created_at: createdAt,
          asset,
        },
      },
    })),
  ]);
  if (reasons && failed(reasons, 1)) throw unknownAnalyst(asset.analyst_id);
  if (reasons) throw new Error(`Creating asset ${asset.id} was cancelled: ${reasons.join(', ')}`);
  return asset;
}

/**
 * Runs `attempt` on the asset as stored now; when the asset changed under it (its condition failed),
 * reads again and retries, so that a concurrent PUT never makes the analysts' counts drift.
 */
async function withCurrentAsset<T>(id: number, attempt: (current: Asset) => Promise<T | 'changed'>): Promise<T> {
  for (let tries = 0; tries < 5; tries += 1) {
    const item = await getItem('asset', id);
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
    const put: TransactItem = { Put: { TableName: table(), Item: { ...keyOf('asset', id), ...asset }, ...unchangedAnalyst(current) } };
    const moved = current.analyst_id !== asset.analyst_id;
    const reasons = await transact(moved ? [put, countAsset(asset.analyst_id, 1), countAsset(current.analyst_id, -1)] : [put]);
    if (!reasons) return asset;
    if (failed(reasons, 0)) return 'changed';
    if (failed(reasons, 1)) throw unknownAnalyst(asset.analyst_id);
    throw new Error(`Replacing asset ${id} was cancelled: ${reasons.join(', ')}`);
  });
}

export async function deleteAsset(id: number): Promise<Asset> {
  return withCurrentAsset(id, async (current) => {
    const reasons = await transact([
      { Delete: { TableName: table(), Key: keyOf('asset', id), ...unchangedAnalyst(current) } },
      countAsset(current.analyst_id, -1),
    ]);
    if (!reasons) return current;
    if (failed(reasons, 0)) return 'changed';
    throw new Error(`Deleting asset ${id} was cancelled: ${reasons.join(', ')}`);
  });
}

// ---- subscriptions and notifications ----

export async function createSubscription(input: SubscriptionInput): Promise<Subscription> {
  const subscription = { id: await nextId('subscription'), email: input.email, topic: input.topic };
  const reasons = await transact([
    {
      Put: {
        TableName: table(),
        Item: { ...keyOf('subscription', subscription.id), ...subscription },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Put: {
        TableName: table(),
        Item: { ...subscriberKey(input.topic, input.email), subscriptionId: subscription.id },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      Update: {
        TableName: table(),
        Key: topicKey(input.topic),
        UpdateExpression: 'ADD subscriberCount :one',
        ConditionExpression: 'attribute_not_exists(subscriberCount) OR subscriberCount < :max',
        ExpressionAttributeValues: { ':one': 1, ':max': MAX_SUBSCRIBERS_PER_TOPIC },
      },
    },
  ]);
  if (!reasons) return subscription;
  if (failed(reasons, 1)) throw new ConflictError(`${input.email} is already subscribed to ${input.topic}`);
  if (failed(reasons, 2)) {
    throw new ConflictError(`The topic ${input.topic} already has its maximum of ${MAX_SUBSCRIBERS_PER_TOPIC} subscribers`);
  }
  throw new Error(`Creating subscription ${subscription.id} was cancelled: ${reasons.join(', ')}`);
}

export async function deleteSubscription(id: number): Promise<Subscription> {
  const item = await getItem('subscription', id);
  if (!item) throw notFound('subscription', id);
  const subscription = toSubscription(item);
  const reasons = await transact([
    { Delete: { TableName: table(), Key: keyOf('subscription', id), ConditionExpression: 'attribute_exists(pk)' } },
    { Delete: { TableName: table(), Key: subscriberKey(subscription.topic, subscription.email) } },
    {
      Update: {
        TableName: table(),
        Key: topicKey(subscription.topic),
        UpdateExpression: 'ADD subscriberCount :minusOne',
        ExpressionAttributeValues: { ':minusOne': -1 },
      },
    },
  ]);
  if (reasons && failed(reasons, 0)) throw notFound('subscription', id);
  if (reasons) throw new Error(`Deleting subscription ${id} was cancelled: ${reasons.join(', ')}`);
  return subscription;
}

export async function listNotifications(subscriptionId: number, limit: number, cursor?: string) {
  if (!(await getItem('subscription', subscriptionId))) throw notFound('subscription', subscriptionId);
  const pk = notificationsPartition(subscriptionId);
  const { items, nextCursor } = await queryPage(`notifications:${subscriptionId}`, pk, limit, cursor);
  return { notifications: items.map(toNotification), nextCursor };
}
