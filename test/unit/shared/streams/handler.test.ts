// The stream handler factory, once, through its real Middy stack and DynamoDB stream events shaped as Lambda sends
// them. With ReportBatchItemFailures, Lambda checkpoints at the lowest sequence number reported and hands everything
// from there over again; these tests pin what the handler reports for each kind of outcome.
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { deliverNotifications } from '#shared/assets/consumers';
import { streamHandler, type RecordKey } from '#shared/streams/handler';
import { lambdaContext } from '../../../helpers/lambda';
import { catchStdoutInEachTest } from '../../../helpers/stdout';

process.env.LOG_LEVEL = 'info'; // read lazily, on the first log line: the log tests need info lines

const streamArn = 'arn:aws:dynamodb:eu-west-1:000000000000:table/assets-test/stream/2024-05-01T00:00:00.000';

/** A new notification item's INSERT record, as the assets table's stream (NEW_IMAGE) hands it to Lambda. */
function insertRecord(subscriptionId: number, sequenceNumber: string): DynamoDBRecord {
  const pk = `NOTIFICATIONS#${subscriptionId}`;
  const sk = '0000000000000042';
  return {
    eventID: `event-${sequenceNumber}`,
    eventName: 'INSERT',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-1',
    dynamodb: {
      ApproximateCreationDateTime: 1714521600,
      Keys: { pk: { S: pk }, sk: { S: sk } },
      NewImage: {
        pk: { S: pk },
        sk: { S: sk },
        subscription_id: { N: String(subscriptionId) },
        topic: { S: 'asset::creation' },
        created_at: { S: '2024-05-01T00:00:00.000Z' },
        asset: { M: { id: { N: '42' }, name: { S: 'Wind farm' }, is_active: { BOOL: true }, analyst_id: { N: '1' } } },
      },
      SequenceNumber: sequenceNumber,
      SizeBytes: 212,
      StreamViewType: 'NEW_IMAGE',
    },
    eventSourceARN: streamArn,
  };
}

/** Records of subscriptions 1, 2, 3, ... with increasing sequence numbers, as in one shard. */
const batchOf = (count: number): DynamoDBStreamEvent => ({
  Records: Array.from({ length: count }, (_, index) => insertRecord(index + 1, `10000000000000000000${index + 1}`)),
});
const sequenceOf = (event: DynamoDBStreamEvent, index: number) => event.Records[index]!.dynamodb!.SequenceNumber!;

/** A handler whose outcome for each record is `outcomes[subscription id]` (an Error is thrown); what it was called with. */
function handlerWith(outcomes: Record<number, string | Error>) {
  const calls: RecordKey[] = [];
  const handler = streamHandler(deliverNotifications, async (key) => {
    calls.push(key);
    const outcome = outcomes[Number(key.pk.split('#')[1])] ?? 'delivered';
    if (outcome instanceof Error) throw outcome;
    return outcome;
  });
  return { handler, calls };
}

describe('streamHandler', () => {
  const stdout = catchStdoutInEachTest();

  it('reports no failure for a batch whose records are all done', async () => {
    const { handler } = handlerWith({ 1: 'delivered', 2: 'already-delivered', 3: 'skipped' });
    expect(await handler(batchOf(3), lambdaContext())).toEqual({ batchItemFailures: [] });
  });

  it('hands each record its table key, in the order of the batch', async () => {
    const { handler, calls } = handlerWith({});
    await handler(batchOf(2), lambdaContext());
    expect(calls).toEqual([
      { pk: 'NOTIFICATIONS#1', sk: '0000000000000042' },
      { pk: 'NOTIFICATIONS#2', sk: '0000000000000042' },
    ]);
  });

  it('reports only the sequence number of the record left to a retry in a mixed batch', async () => {
    const event = batchOf(3);
    const { handler } = handlerWith({ 1: 'delivered', 2: 'retry', 3: 'delivered' });
    expect(await handler(event, lambdaContext())).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceOf(event, 1) }] });
  });

  it('reports a record given up on (failed), as it does one left to a retry', async () => {
    const event = batchOf(2);
    const { handler } = handlerWith({ 1: 'delivered', 2: 'failed' });
    expect(await handler(event, lambdaContext())).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceOf(event, 1) }] });
  });

  it('reports a record whose handling threw, and does not throw itself (which would fail the whole batch)', async () => {
    const event = batchOf(3);
    const { handler } = handlerWith({ 2: new Error('Throughput exceeds the current capacity of your table or index.') });
    expect(await handler(event, lambdaContext())).toEqual({ batchItemFailures: [{ itemIdentifier: sequenceOf(event, 1) }] });
  });

  it('still handles the records after one that threw, and reports every failed one in batch order (Lambda retries from the lowest)', async () => {
    const event = batchOf(4);
    const { handler, calls } = handlerWith({ 1: new Error('DynamoDB unreachable'), 2: 'delivered', 3: 'retry', 4: 'delivered' });
    expect(await handler(event, lambdaContext())).toEqual({
      batchItemFailures: [{ itemIdentifier: sequenceOf(event, 0) }, { itemIdentifier: sequenceOf(event, 2) }],
    });
    expect(calls).toHaveLength(4);
  });

  it('logs one line per record with its outcome (an error with its message for a throw) and one line for the batch', async () => {
    const event = batchOf(3);
    const { handler } = handlerWith({ 1: 'delivered', 2: new TypeError('no asset'), 3: 'retry' });
    const context = lambdaContext();
    await handler(event, context);
    const lines = stdout().lines();
    expect(lines.filter((line) => line.msg === 'record').map(({ level, outcome, sequenceNumber }) => ({ level, outcome, sequenceNumber }))).toEqual([
      { level: 'info', outcome: 'delivered', sequenceNumber: sequenceOf(event, 0) },
      { level: 'error', outcome: 'error', sequenceNumber: sequenceOf(event, 1) },
      { level: 'warn', outcome: 'retry', sequenceNumber: sequenceOf(event, 2) },
    ]);
    expect(lines.find((line) => line.outcome === 'error')).toMatchObject({
      consumer: 'deliverNotifications',
      requestId: context.awsRequestId,
      key: { pk: 'NOTIFICATIONS#2', sk: '0000000000000042' },
      error: { name: 'TypeError', message: 'no asset' },
    });
    expect(lines.filter((line) => line.msg === 'batch')).toEqual([
      expect.objectContaining({ level: 'warn', consumer: 'deliverNotifications', requestId: context.awsRequestId, records: 3, failed: 2 }),
    ]);
  });

  it('answers an empty batch with no failures', async () => {
    const { handler, calls } = handlerWith({});
    expect(await handler({ Records: [] }, lambdaContext())).toEqual({ batchItemFailures: [] });
    expect(calls).toEqual([]);
  });
});
