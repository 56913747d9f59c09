// The relay of the notifications outbox: the asset-create transaction writes one notification item per subscriber
// (keys.ts); the deliverNotifications function, fed each new one by the table's stream, sends its email and marks it.
//
// A notification's state is its `status` attribute: none (pending), `delivered` (with delivered_at), `failed` (with
// failure_reason), or `skipped` (its subscription was deleted before delivery: nothing is sent; failure_reason says
// so; the API cannot show it, since a deleted subscription answers 404). Every mark is a conditional UpdateItem on
// a notification that is still pending, so the first mark wins and a mark is never undone.
//
// For each record: read the notification (consistently) and its subscription; a notification that is already
// delivered or skipped is done; a pending one is sent, then marked delivered. Any attempt that fails (SES failing,
// DynamoDB failing, a notification that cannot be read) counts an attempt on the item; a permanent failure (SES
// rejects the message), or the last attempt the stream will make (consumers.ts: 1 + maximumRetryAttempts), marks
// it failed with the reason. A failed notification is reported to the stream as a failed record every time it is
// handed over, so that its batch ends in the dead-letter queue once the stream's retries are exhausted: what
// failed is never dropped silently.
//
// The count is the relay's own, on the item: the stream's records do not say how many times Lambda has handed
// them over (only the dead-letter message does). So it is best effort: an attempt that could not be counted (DynamoDB
// unreachable for the count too, a timeout, a crash) leaves the count short, and a notification whose last
// attempt was one of those reaches the dead-letter queue still pending, where its alarm is the signal.
//
// At least once: an email sent, then the function stopped before the mark (a timeout, a crash, DynamoDB
// unreachable) is sent again when the record is retried. Once the mark is there, the record is never sent again.
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, isConditionFailure, type Item } from '#shared/dynamo/client';
import { isPermanentEmailFailure, sendEmail } from '#shared/email/ses';
import { toAsset } from '#shared/assets/assets';
import { deliverNotifications } from '#shared/assets/consumers';
import { getRecord } from '#shared/assets/items';
import { assetsTable, type Key } from '#shared/assets/keys';
import type { Asset } from '#shared/assets/schemas';

/** How many times a notification is tried: the first attempt and the stream's retries. */
export const MAX_ATTEMPTS = 1 + deliverNotifications.stream.maximumRetryAttempts;
export const SUBSCRIPTION_DELETED = 'subscription deleted';

/** What became of one record: `failed` is reported to the stream as a failed record, the others are done. */
export type Outcome = 'delivered' | 'already-delivered' | 'skipped' | 'retry' | 'failed';

const STILL_PENDING = 'attribute_exists(pk) AND attribute_not_exists(#status)';

async function getNotification(key: Key): Promise<Item | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: assetsTable(), Key: key, ConsistentRead: true }));
  return Item;
}

/** Sets `status` and the fields that go with it on a notification that is still pending; false if it was not. */
async function mark(key: Key, status: 'delivered' | 'failed' | 'skipped', fields: Record<string, string>): Promise<boolean> {
  const names = Object.keys(fields);
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: assetsTable(),
        Key: key,
        UpdateExpression: `SET #status = :status${names.map((name) => `, ${name} = :${name}`).join('')}`,
        ConditionExpression: STILL_PENDING,
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ...Object.fromEntries(names.map((name) => [`:${name}`, fields[name]])) },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** Counts a failed attempt on a pending notification; the number of attempts so far. */
async function countAttempt(key: Key, error: string): Promise<number> {
  const { Attributes } = await dynamo().send(
    new UpdateCommand({
      TableName: assetsTable(),
      Key: key,
      UpdateExpression: 'ADD attempts :one SET last_error = :error',
      ConditionExpression: STILL_PENDING,
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':one': 1, ':error': error },
      ReturnValues: 'UPDATED_NEW',
    }),
  );
  return Attributes!.attempts as number;
}

export function emailOf(asset: Asset, subscription: Item) {
  return {
    to: subscription.email as string,
    subject: `New asset: ${asset.name}`,
    text: [
      `A new asset was added to the register:`,
      '',
      `  id:             ${asset.id}`,
      `  name:           ${asset.name}`,
      `  description:    ${asset.description ?? '-'}`,
      `  inception date: ${asset.inception_date}`,
      `  active:         ${asset.is_active ? 'yes' : 'no'}`,
      `  analyst id:     ${asset.analyst_id}`,
      '',
      `You receive this because ${subscription.email} subscribes to ${subscription.topic} (subscription ${subscription.id}).`,
    ].join('\n'),
  };
}

const reasonOf = (error: unknown) => {
  const { name, message } = error as { name?: string; message?: string };
  return `${name ?? 'Error'}: ${message ?? String(error)}`;
};

/** Counts a failed attempt; on the last one the stream will make, marks the notification failed with the reason. */
async function failedAttempt(key: Key, reason: string): Promise<'retry' | 'failed'> {
  const attempts = await countAttempt(key, reason);
  if (attempts < MAX_ATTEMPTS) return 'retry';
  await mark(key, 'failed', { failure_reason: `gave up after ${attempts} attempts: ${reason}` });
  return 'failed';
}

/** One attempt at the notification under `key`; `progress.sent` once SES accepted its email. */
async function deliver(key: Key, progress: { sent: boolean }): Promise<Outcome> {
  const notification = await getNotification(key);
  if (!notification || notification.status === 'delivered') return 'already-delivered';
  if (notification.status === 'skipped') return 'skipped';
  if (notification.status === 'failed') return 'failed';
  const subscription = await getRecord('subscription', notification.subscription_id as number);
  if (!subscription) {
    await mark(key, 'skipped', { failure_reason: SUBSCRIPTION_DELETED });
    return 'skipped';
  }
  const email = emailOf(toAsset(notification.asset), subscription);
  try {
    await sendEmail(email);
  } catch (error) {
    if (!isPermanentEmailFailure(error)) return failedAttempt(key, reasonOf(error));
    await mark(key, 'failed', { failure_reason: `rejected by SES: ${reasonOf(error)}` });
    return 'failed';
  }
  progress.sent = true;
  // Marked only if still pending: a concurrent delivery of the same record may have marked it first.
  return (await mark(key, 'delivered', { delivered_at: new Date().toISOString() })) ? 'delivered' : 'already-delivered';
}

/** Delivers the notification stored under `key` (a notification's key, from its stream record). */
export async function relayNotification(key: Key): Promise<Outcome> {
  const progress = { sent: false };
  try {
    return await deliver(key, progress);
  } catch (error) {
    // Anything else that threw (DynamoDB, a notification that cannot be read) is a failed attempt too, so that the
    // last one marks the notification failed rather than leaving it pending behind the dead-letter queue. If
    // counting fails as well (DynamoDB is what failed), the record is reported failed with its error, and retried.
    const reason = progress.sent ? `the email was sent, but marking it delivered failed: ${reasonOf(error)}` : reasonOf(error);
    const outcome = await failedAttempt(key, reason).catch(() => 'uncounted' as const);
    if (outcome === 'failed') return 'failed';
    throw error;
  }
}
