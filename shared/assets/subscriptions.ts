// Subscriptions to the register's topics, and the notifications an asset's creation leaves for them
// (written in that asset's transaction, assets.ts). Keys and rules: keys.ts.
import type { Item } from '#shared/dynamo/client';
import { conditionFailed, transactWrite } from '#shared/dynamo/transactions';
import { ConflictError } from '#shared/http/errors';
import { assetsTable, notificationsPartition, subscriberKey, subscriptionKey, topicKey } from '#shared/assets/keys';
import { BUSY, getRecord, nextId, notFound, partitionPage } from '#shared/assets/items';
import { toAsset } from '#shared/assets/assets';
import type { Notification, Subscription, SubscriptionInput } from '#shared/assets/schemas';

/** A transaction holds at most 100 items; an asset's creation takes 2 besides one per subscriber. */
export const MAX_SUBSCRIBERS_PER_TOPIC = 98;

const toSubscription = (item: Item): Subscription => ({ id: item.id, email: item.email, topic: item.topic });
/** The relay's stored state (notifications-relay.ts) as the API says it: none yet is pending; skipped is failed. */
function statusOf(item: Item): Notification['status'] {
  if (!item.status) return 'pending';
  return item.status === 'delivered' ? 'delivered' : 'failed';
}

const toNotification = (item: Item): Notification => ({
  subscription_id: item.subscription_id,
  topic: item.topic,
  created_at: item.created_at,
  asset: toAsset(item.asset),
  status: statusOf(item),
  ...(statusOf(item) === 'delivered' ? { delivered_at: item.delivered_at } : {}),
  ...(statusOf(item) === 'failed' ? { failure_reason: item.failure_reason } : {}),
});

export async function createSubscription(input: SubscriptionInput): Promise<Subscription> {
  const subscription = { id: await nextId('subscription'), email: input.email, topic: input.topic };
  const reasons = await transactWrite(
    [
      {
        Put: {
          TableName: assetsTable(),
          Item: { ...subscriptionKey(subscription.id), ...subscription },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Put: {
          TableName: assetsTable(),
          Item: { ...subscriberKey(input.topic, input.email), subscriptionId: subscription.id },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: assetsTable(),
          Key: topicKey(input.topic),
          UpdateExpression: 'ADD subscriberCount :one',
          ConditionExpression: 'attribute_not_exists(subscriberCount) OR subscriberCount < :max',
          ExpressionAttributeValues: { ':one': 1, ':max': MAX_SUBSCRIBERS_PER_TOPIC },
        },
      },
    ],
    BUSY,
  );
  if (!reasons) return subscription;
  if (conditionFailed(reasons, 1)) throw new ConflictError(`${input.email} is already subscribed to ${input.topic}`);
  if (conditionFailed(reasons, 2)) {
    throw new ConflictError(`The topic ${input.topic} already has its maximum of ${MAX_SUBSCRIBERS_PER_TOPIC} subscribers`);
  }
  throw new Error(`Creating subscription ${subscription.id} was cancelled: ${reasons.join(', ')}`);
}

export async function deleteSubscription(id: number): Promise<Subscription> {
  const item = await getRecord('subscription', id);
  if (!item) throw notFound('subscription', id);
  const subscription = toSubscription(item);
  const reasons = await transactWrite(
    [
      { Delete: { TableName: assetsTable(), Key: subscriptionKey(id), ConditionExpression: 'attribute_exists(pk)' } },
      { Delete: { TableName: assetsTable(), Key: subscriberKey(subscription.topic, subscription.email) } },
      {
        Update: {
          TableName: assetsTable(),
          Key: topicKey(subscription.topic),
          UpdateExpression: 'ADD subscriberCount :minusOne',
          ExpressionAttributeValues: { ':minusOne': -1 },
        },
      },
    ],
    BUSY,
  );
  if (reasons && conditionFailed(reasons, 0)) throw notFound('subscription', id);
  if (reasons) throw new Error(`Deleting subscription ${id} was cancelled: ${reasons.join(', ')}`);
  return subscription;
}

export async function listNotifications(subscriptionId: number, limit: number, cursor?: string) {
  if (!(await getRecord('subscription', subscriptionId))) throw notFound('subscription', subscriptionId);
  const pk = notificationsPartition(subscriptionId);
  const { items, nextCursor } = await partitionPage(`notifications:${subscriptionId}`, pk, limit, cursor);
  return { notifications: items.map(toNotification), nextCursor };
}
