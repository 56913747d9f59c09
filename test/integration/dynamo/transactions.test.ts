// The transaction runner (shared/dynamo/transactions.ts) against DynamoDB Local, in a table of its own.
//
// Fault injection: DynamoDB Local runs transactions one at a time, so two concurrent transactions on one item never
// conflict there (tried: 30 concurrent transactions on one item, and 60 mixed with 60 UpdateItems of it: none conflicted). The
// conflict tests therefore wrap the function's real client: its `send` throws the error DynamoDB answers a conflict
// with (the SDK's own TransactionCanceledException with a TransactionConflict reason, or TransactionConflictException)
// for the first N TransactWriteItems, then hands every call to DynamoDB Local. What is stored is read back from
// DynamoDB Local. Condition failures and other errors are DynamoDB Local's own.
import { DeleteTableCommand, TransactionCanceledException, TransactionConflictException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/dynamo/client';
import { transactWrite, type TransactItem } from '#shared/dynamo/transactions';
import { UnavailableError } from '#shared/http/errors';
import { describeError } from '#shared/http/failures';
import { createScratchTable, localClient } from '../../helpers/tables';
import { dynamodbEndpoint } from '../../stage';

const admin = localClient(dynamodbEndpoint);
let table: string;

beforeAll(async () => {
  table = await createScratchTable(admin, 'transactions');
});
afterAll(async () => {
  await admin.send(new DeleteTableCommand({ TableName: table }));
  admin.destroy();
});

let sequence = 0;
/** A key no other test uses. */
const newKey = () => ({ pk: `ITEM#${(sequence += 1)}`, sk: 'item' });

const stored = async (key: { pk: string; sk: string }) =>
  (await dynamo().send(new GetCommand({ TableName: table, Key: key, ConsistentRead: true }))).Item;

const conflicts = {
  'a cancellation with a TransactionConflict reason': () =>
    new TransactionCanceledException({
      message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [None, TransactionConflict]',
      $metadata: { httpStatusCode: 400 },
      CancellationReasons: [{ Code: 'None' }, { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }],
    }),
  'a TransactionConflictException': () =>
    new TransactionConflictException({ message: 'Transaction is ongoing for the item', $metadata: { httpStatusCode: 400 } }),
};

/**
 * Counts the TransactWriteItems the runner sends; the first `failures` of them fail with `conflict()` before reaching
 * DynamoDB Local, the others go through.
 */
function transactionsSent(failures = 0, conflict: () => Error = conflicts['a cancellation with a TransactionConflict reason']) {
  const client = dynamo();
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  const counter = { attempts: 0 };
  jest.spyOn(client, 'send').mockImplementation(((command: unknown) => {
    if (!(command instanceof TransactWriteCommand)) return send(command);
    counter.attempts += 1;
    return counter.attempts <= failures ? Promise.reject(conflict()) : send(command);
  }) as never);
  return counter;
}

afterEach(() => jest.restoreAllMocks());

/** Two writes that go together: a record and the count of records. */
function createWithCount(record: { pk: string; sk: string }, count: { pk: string; sk: string }): TransactItem[] {
  return [
    { Put: { TableName: table, Item: { ...record, name: 'record' }, ConditionExpression: 'attribute_not_exists(pk)' } },
    { Update: { TableName: table, Key: count, UpdateExpression: 'ADD records :one', ExpressionAttributeValues: { ':one': 1 } } },
  ];
}

describe('transactWrite', () => {
  it('writes every item of a transaction that meets no conflict, in one attempt', async () => {
    const sent = transactionsSent();
    const [record, count] = [newKey(), newKey()];
    await expect(transactWrite(createWithCount(record, count), 'busy')).resolves.toBeUndefined();
    expect(sent.attempts).toBe(1);
    expect(await stored(record)).toEqual({ ...record, name: 'record' });
    expect(await stored(count)).toEqual({ ...count, records: 1 });
  });

  it.each(Object.keys(conflicts) as (keyof typeof conflicts)[])('retries after %s, and commits once', async (kind) => {
    const sent = transactionsSent(2, conflicts[kind]);
    const [record, count] = [newKey(), newKey()];
    await expect(transactWrite(createWithCount(record, count), 'busy')).resolves.toBeUndefined();
    expect(sent.attempts).toBe(3);
    expect(await stored(record)).toEqual({ ...record, name: 'record' });
    // Committed exactly once: the count went up by one, not once per attempt.
    expect(await stored(count)).toEqual({ ...count, records: 1 });
  });

  it('commits on its last attempt after five conflicts', async () => {
    const sent = transactionsSent(5);
    const [record, count] = [newKey(), newKey()];
    await expect(transactWrite(createWithCount(record, count), 'busy')).resolves.toBeUndefined();
    expect(sent.attempts).toBe(6);
    expect(await stored(count)).toEqual({ ...count, records: 1 });
  });

  it('gives up after six conflicting attempts, backing off between them, with a 503 saying the busy message', async () => {
    const sent = transactionsSent(Infinity);
    const [record, count] = [newKey(), newKey()];
    const started = performance.now();
    const error = await transactWrite(createWithCount(record, count), 'The register is busy; retry shortly').catch((thrown: unknown) => thrown);
    const elapsed = performance.now() - started;

    expect(error).toBeInstanceOf(UnavailableError);
    expect(sent.attempts).toBe(6);
    // Five backoffs, each at least half its step: 10 + 20 + 40 + 80 + 160 ms (shared/dynamo/backoff.ts).
    expect(elapsed).toBeGreaterThanOrEqual(310);
    expect(describeError(error, 'request-1')).toEqual({
      status: 503,
      body: { error: 'The register is busy; retry shortly' },
      headers: { 'Retry-After': '1' },
    });
    expect([await stored(record), await stored(count)]).toEqual([undefined, undefined]);
  });

  it('answers a failed condition with one code per item at once, without retrying, and writes nothing', async () => {
    const [record, count] = [newKey(), newKey()];
    await dynamo().send(new PutCommand({ TableName: table, Item: { ...record, name: 'first' } }));
    const sent = transactionsSent();

    await expect(transactWrite(createWithCount(record, count), 'busy')).resolves.toEqual(['ConditionalCheckFailed', 'None']);
    expect(sent.attempts).toBe(1);
    expect([await stored(record), await stored(count)]).toEqual([{ ...record, name: 'first' }, undefined]);
  });

  it('throws any other error of DynamoDB as it is, after one attempt: a 500, not a 503', async () => {
    const sent = transactionsSent();
    const missingTable: TransactItem[] = [{ Put: { TableName: `${table}-missing`, Item: newKey() } }];
    const error = await transactWrite(missingTable, 'busy').catch((thrown: unknown) => thrown);

    expect((error as Error).name).toBe('ResourceNotFoundException');
    expect(sent.attempts).toBe(1);
    expect(describeError(error, 'request-2').status).toBe(500);
  });
});
