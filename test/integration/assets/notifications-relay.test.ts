// The notifications relay end to end, in process: assets and subscriptions made through their handlers against
// DynamoDB Local, its real stream read by the local poller (scripts/stream-poller.ts), the deliverNotifications
// handler sending through the SES v2 stand-in over HTTP (test/stand-ins/ses.ts), and the outcome read back
// through GET /api/v1/subscriptions/{id}/notifications.
// Every test deletes the subscriptions it made: they count towards the topic's subscriber limit for the whole run.
import { GetCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { deliverNotifications } from '#shared/assets/consumers';
import { notificationKey, subscriptionKey, type Key } from '#shared/assets/keys';
import { MAX_ATTEMPTS, SUBSCRIPTION_DELETED } from '#shared/assets/notifications-relay';
import { tableName } from '#shared/config/index';
import { dynamo } from '#shared/dynamo/client';
import { handler as relay } from '../../../functions/assets/deliver-notifications';
import { startStreamPoller, type DeadLetter, type StreamPoller } from '../../../scripts/stream-poller';
import { lambdaContext } from '../../helpers/lambda';
import { sesStandInClient, startSesStandIn, type FailureStatus, type SesStandIn } from '../../stand-ins/ses';
import { dynamodbEndpoint, testSettings } from '../../stage';
import { api, expect2xx, newAnalyst, newAsset, unique } from './fixtures';

// The stand-in listens where the test stage's functions send email (config/local.ts: SES_STAND_IN_PORT).
const sesUrl = testSettings.environment.SES_ENDPOINT!;
const ses = sesStandInClient(sesUrl);
let standIn: SesStandIn;
let poller: StreamPoller;
const handedOver: DynamoDBStreamEvent[] = [];
/** The relay's answer to each event handed over. */
const answers = new Map<DynamoDBStreamEvent, DynamoDBBatchResponse>();
const deadLetters: DeadLetter[] = [];
/** Holds the poller's next invocation while closed, to change the data between a write and its delivery. */
let gate: Promise<void> = Promise.resolve();

beforeAll(async () => {
  standIn = await startSesStandIn(Number(new URL(sesUrl).port));
  poller = await startStreamPoller({
    consumer: deliverNotifications,
    tableName: tableName('assets'),
    endpoint: dynamodbEndpoint,
    region: process.env.AWS_REGION!,
    invoke: async (event) => {
      await gate;
      handedOver.push(event);
      const answer = await relay(event, lambdaContext());
      answers.set(event, answer);
      return answer;
    },
    onDeadLetter: (deadLetter) => deadLetters.push(deadLetter),
    retryDelayMs: 50,
  });
});

afterAll(async () => {
  await poller?.stop();
  await standIn?.close();
});

const made: number[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((id) => api.deleteSubscription(id)));
});

async function subscribe(label: string) {
  const email = `${unique(label)}@example.com`;
  const subscription = expect2xx(await api.createSubscription({ email, topic: 'asset::creation' }), 201) as { id: number; email: string };
  made.push(subscription.id);
  return subscription;
}

/** `check` until it passes (DynamoDB Local's stream and the poller take a moment), or its last failure after 20 s. */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function notificationsOf(subscriptionId: number) {
  return expect2xx(await api.listNotifications(subscriptionId), 200).notifications as Record<string, unknown>[];
}

/** The one notification of a subscription, once it is no longer pending. */
const settled = (subscriptionId: number) =>
  eventually(async () => {
    const [notification] = await notificationsOf(subscriptionId);
    expect(notification?.status).not.toBe('pending');
    return notification!;
  });

/** The stream record that carried the notification of `subscriptionId` to the relay, and the event it came in. */
function handedOverRecord(subscriptionId: number, assetId: number) {
  const { pk, sk } = notificationKey(subscriptionId, assetId);
  for (const event of handedOver) {
    const record = event.Records.find((r) => r.dynamodb?.Keys?.pk?.S === pk && r.dynamodb?.Keys?.sk?.S === sk);
    if (record) return { event: { Records: [record] }, record };
  }
  throw new Error(`no stream record of ${pk}/${sk} was handed over`);
}

/** The notification as stored, read from the table (not through the API, which reads the subscription too). */
async function storedNotification(key: Key) {
  const { Item } = await dynamo().send(new GetCommand({ TableName: tableName('assets'), Key: key, ConsistentRead: true }));
  return Item;
}

/** The notification once it is no longer pending in the table. */
const storedSettled = (key: Key) =>
  eventually(async () => {
    const item = await storedNotification(key);
    expect(item?.status).toBeDefined();
    return item!;
  });

/** The dead-letter message whose batch holds `sequenceNumber`. */
const deadLetterOf = (sequenceNumber: string) =>
  eventually(async () => {
    const sequence = BigInt(sequenceNumber);
    const found = deadLetters.find(({ DDBStreamBatchInfo: info }) => BigInt(info.startSequenceNumber) <= sequence && sequence <= BigInt(info.endSequenceNumber));
    expect(found).toBeDefined();
    return found!;
  });

const throughputExceeded = () =>
  Object.assign(new Error('Throughput exceeds the current capacity of your table or index.'), {
    name: 'ProvisionedThroughputExceededException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400 },
  });

interface CommandInput {
  Key?: Partial<Key>;
  ExpressionAttributeValues?: Record<string, unknown>;
}

/**
 * Makes the functions' DynamoDB client (the one instance this process shares with the relay) throw a throughput
 * error for every command on `key` that `also` selects, and pass every other command to DynamoDB Local; undone by
 * `restore`.
 */
function failDynamoFor(key: Key, also: (input: CommandInput) => boolean = () => true) {
  const client: DynamoDBDocumentClient = dynamo();
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  const failing = ({ input = {} }: { input?: CommandInput }) => input.Key?.pk === key.pk && input.Key?.sk === key.sk && also(input);
  const spy = jest.spyOn(client, 'send').mockImplementation(((command: { input?: CommandInput }) =>
    failing(command) ? Promise.reject(throughputExceeded()) : send(command)) as never);
  return { restore: () => spy.mockRestore() };
}

/** Runs `steps` with the relay held at the gate until they call `open()`; the gate is open again afterwards. */
async function behindGate(steps: (open: () => void) => Promise<void>): Promise<void> {
  let open = () => {};
  gate = new Promise((resolve) => (open = resolve));
  try {
    await steps(open);
  } finally {
    open();
    gate = Promise.resolve();
  }
}

/**
 * Creates an asset for `reader` and, before the relay reads it (known only once the asset is), makes DynamoDB fail
 * on its notification for the commands `also` selects; `steps` run with the faults in place, undone afterwards.
 */
async function withNotificationFaults(
  reader: { id: number },
  also: ((input: CommandInput) => boolean) | undefined,
  steps: (key: Key, asset: { id: number }, faults: { restore: () => void }) => Promise<void>,
): Promise<void> {
  let faults: ReturnType<typeof failDynamoFor> | undefined;
  try {
    await behindGate(async (open) => {
      const asset = await newAsset((await newAnalyst()).id);
      const key = notificationKey(reader.id, asset.id);
      faults = failDynamoFor(key, also);
      open();
      await steps(key, asset, faults);
    });
  } finally {
    faults?.restore();
  }
}

describe('the notifications relay', () => {
  it('emails each subscriber of a new asset, with the asset in it, and marks both notifications delivered', async () => {
    const [ada, grace] = [await subscribe('ada'), await subscribe('grace')];
    const asset = await newAsset((await newAnalyst()).id, { description: 'North site' });
    for (const subscriber of [ada, grace]) {
      const notification = await settled(subscriber.id);
      expect(notification).toEqual({
        subscription_id: subscriber.id,
        topic: 'asset::creation',
        created_at: expect.any(String),
        asset,
        status: 'delivered',
        delivered_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
      const emails = await ses.emails(subscriber.email);
      expect(emails).toHaveLength(1);
      expect(emails[0]!.from).toBe(testSettings.stageConfig.notifications.sender);
      expect(emails[0]!.subject).toBe(`New asset: ${asset.name}`);
      expect(emails[0]!.text).toContain(asset.name);
      expect(emails[0]!.text).toContain(`id:             ${asset.id}`);
      expect(emails[0]!.text).toContain('North site');
    }
  });

  it.each<[string, string, FailureStatus, number]>([
    ['a retry when SES fails, then recovers', 'flaky', 500, 2],
    ['SES throttles it', 'throttled', 429, 1],
  ])('delivers after %s', async (_case, name, status, times) => {
    const reader = await subscribe(name);
    await ses.fail({ to: reader.email, status, times });
    await newAsset((await newAnalyst()).id);
    expect((await settled(reader.id)).status).toBe('delivered');
    expect(await ses.requests(reader.email)).toBe(times + 1);
    expect(await ses.emails(reader.email)).toHaveLength(1);
  });

  it('marks the notification failed after its last attempt when SES fails for good, and hands its batch to the dead-letter path', async () => {
    const reader = await subscribe('down');
    await ses.fail({ to: reader.email, status: 500, times: null });
    const asset = await newAsset((await newAnalyst()).id);
    const notification = await settled(reader.id);
    expect(notification).toMatchObject({ status: 'failed', failure_reason: expect.stringContaining(`gave up after ${MAX_ATTEMPTS} attempts`) });
    expect(notification.delivered_at).toBeUndefined();
    expect(await ses.requests(reader.email)).toBe(MAX_ATTEMPTS);
    expect(await ses.emails(reader.email)).toEqual([]);
    const sequence = BigInt(handedOverRecord(reader.id, asset.id).record.dynamodb!.SequenceNumber!);
    const deadLetter = await eventually(async () => {
      const found = deadLetters.find(({ DDBStreamBatchInfo: info }) => BigInt(info.startSequenceNumber) <= sequence && sequence <= BigInt(info.endSequenceNumber));
      expect(found).toBeDefined();
      return found!;
    });
    expect(deadLetter.requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', approximateInvokeCount: MAX_ATTEMPTS });
  });

  it('marks the notification failed at once when SES rejects the message, without trying again', async () => {
    const reader = await subscribe('rejected');
    await ses.fail({ to: reader.email, status: 400, times: null });
    await newAsset((await newAnalyst()).id);
    expect(await settled(reader.id)).toMatchObject({ status: 'failed', failure_reason: expect.stringContaining('rejected by SES: MessageRejected') });
    expect(await ses.requests(reader.email)).toBe(1);
  });

  it('sends one email for a record handed over twice', async () => {
    const reader = await subscribe('twice');
    const asset = await newAsset((await newAnalyst()).id);
    expect((await settled(reader.id)).status).toBe('delivered');
    const { event } = handedOverRecord(reader.id, asset.id);
    expect(await relay(event, lambdaContext())).toEqual({ batchItemFailures: [] });
    expect(await ses.requests(reader.email)).toBe(1);
    expect(await ses.emails(reader.email)).toHaveLength(1);
  });

  it('sends nothing for a subscription deleted before delivery, and marks its notification skipped', async () => {
    await behindGate(async (open) => {
      const reader = await subscribe('gone');
      const asset = await newAsset((await newAnalyst()).id);
      expect2xx(await api.deleteSubscription(made.pop()!), 200);
      open();
      const key = notificationKey(reader.id, asset.id);
      const stored = await eventually(async () => {
        const { Item } = await dynamo().send(new GetCommand({ TableName: tableName('assets'), Key: key, ConsistentRead: true }));
        expect(Item?.status).toBe('skipped');
        return Item!;
      });
      expect(stored.failure_reason).toBe(SUBSCRIPTION_DELETED);
      expect(await ses.requests(reader.email)).toBe(0);
    });
  });

  it('reports only the failing record of a mixed batch, delivers the other once, and delivers the failing one on its retry', async () => {
    const [steady, flaky] = [await subscribe('steady'), await subscribe('flaky-in-batch')];
    await ses.fail({ to: flaky.email, status: 500, times: 1 });
    const asset = await newAsset((await newAnalyst()).id);
    expect((await settled(steady.id)).status).toBe('delivered');
    expect((await settled(flaky.id)).status).toBe('delivered');

    const steadyRecord = handedOverRecord(steady.id, asset.id).record;
    const flakyRecord = handedOverRecord(flaky.id, asset.id).record;
    // The asset's transaction wrote both notifications: the first event that carried them carried both.
    const first = handedOver.find((event) => event.Records.includes(flakyRecord))!;
    expect(first.Records).toContain(steadyRecord);
    expect(answers.get(first)).toEqual({ batchItemFailures: [{ itemIdentifier: flakyRecord.dynamodb!.SequenceNumber }] });

    expect(await ses.requests(steady.email)).toBe(1);
    expect(await ses.emails(steady.email)).toHaveLength(1);
    expect(await ses.requests(flaky.email)).toBe(2);
    expect(await ses.emails(flaky.email)).toHaveLength(1);
    expect(await storedNotification(notificationKey(flaky.id, asset.id))).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('marks the notification failed with the reason after its last attempt when reading its subscription keeps failing, and hands its batch to the dead-letter path', async () => {
    const reader = await subscribe('unreadable');
    const faults = failDynamoFor(subscriptionKey(reader.id));
    try {
      const asset = await newAsset((await newAnalyst()).id);
      const key = notificationKey(reader.id, asset.id);
      const stored = await storedSettled(key);
      expect(stored).toMatchObject({
        status: 'failed',
        attempts: MAX_ATTEMPTS,
        failure_reason: `gave up after ${MAX_ATTEMPTS} attempts: ProvisionedThroughputExceededException: Throughput exceeds the current capacity of your table or index.`,
      });
      expect(stored.delivered_at).toBeUndefined();
      const deadLetter = await deadLetterOf(handedOverRecord(reader.id, asset.id).record.dynamodb!.SequenceNumber!);
      expect(deadLetter.requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', approximateInvokeCount: MAX_ATTEMPTS });
      expect(await ses.requests(reader.email)).toBe(0);
    } finally {
      faults.restore();
    }
  });

  it('leaves the notification pending, reported on every attempt, and hands its batch to the dead-letter path when DynamoDB fails for the notification itself', async () => {
    const reader = await subscribe('unmarkable');
    await withNotificationFaults(reader, undefined, async (key, asset, faults) => {
      const sequenceNumber = (await eventually(async () => handedOverRecord(reader.id, asset.id))).record.dynamodb!.SequenceNumber!;
      const deadLetter = await deadLetterOf(sequenceNumber);
      expect(deadLetter.requestContext).toMatchObject({ condition: 'RetryAttemptsExhausted', approximateInvokeCount: MAX_ATTEMPTS });
      const carrying = handedOver.filter((event) => event.Records.some((record) => record.dynamodb?.SequenceNumber === sequenceNumber));
      expect(carrying).toHaveLength(MAX_ATTEMPTS);
      for (const event of carrying) expect(answers.get(event)?.batchItemFailures).toContainEqual({ itemIdentifier: sequenceNumber });
      faults.restore();
      const stored = await storedNotification(key);
      expect(stored?.status).toBeUndefined();
      expect(stored?.attempts).toBeUndefined();
      expect(await ses.requests(reader.email)).toBe(0);
    });
  });

  it('sends again while the delivered mark cannot be written, and on the last attempt marks the notification failed saying the email was sent', async () => {
    const reader = await subscribe('sent-unmarked');
    await withNotificationFaults(reader, (input) => input.ExpressionAttributeValues?.[':status'] === 'delivered', async (key, asset) => {
      const stored = await storedSettled(key);
      expect(stored).toMatchObject({
        status: 'failed',
        attempts: MAX_ATTEMPTS,
        failure_reason: `gave up after ${MAX_ATTEMPTS} attempts: the email was sent, but marking it delivered failed: ProvisionedThroughputExceededException: Throughput exceeds the current capacity of your table or index.`,
      });
      // At least once: each attempt sent it before its mark failed.
      expect(await ses.emails(reader.email)).toHaveLength(MAX_ATTEMPTS);
      await deadLetterOf(handedOverRecord(reader.id, asset.id).record.dynamodb!.SequenceNumber!);
    });
  });
});
