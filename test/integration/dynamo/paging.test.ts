// Query paging (shared/dynamo/paging.ts) against DynamoDB Local, in a table of its own. A Query answers at most
// `Limit` items evaluated: a small Limit, or a filter that drops most of what a page evaluated, makes one read take
// several DynamoDB pages, which is what these helpers must walk. The client's `send` is only watched (every call
// reaches DynamoDB Local), to count the pages read.
import { BatchWriteCommand, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import * as z from 'zod/mini';
import { dynamo, type Item } from '#shared/dynamo/client';
import { queryAll, queryPage, queryUpTo } from '#shared/dynamo/paging';
import { ValidationError } from '#shared/http/errors';
import { createScratchTable, localClient } from '../../helpers/tables';
import { dynamodbEndpoint } from '../../stage';

const admin = localClient(dynamodbEndpoint);
let table: string;

/** One partition of 25 items, sk 01..25; every third one (03, 06, ...) is `kept`. */
const PARTITION = 'PAGED';
const sortKeys = Array.from({ length: 25 }, (_, index) => String(index + 1).padStart(2, '0'));
const keptSortKeys = sortKeys.filter((_, index) => (index + 1) % 3 === 0);

beforeAll(async () => {
  table = await createScratchTable(admin, 'paging');
  const items = sortKeys.map((sk, index) => ({ pk: PARTITION, sk, kept: (index + 1) % 3 === 0 }));
  await dynamo().send(new BatchWriteCommand({ RequestItems: { [table]: items.map((Item) => ({ PutRequest: { Item } })) } }));
});
afterAll(async () => {
  await admin.send(new DeleteTableCommand({ TableName: table }));
  admin.destroy();
});

/** The Query inputs the helper sends, in order (each one reaches DynamoDB Local). */
function queriesSent(): QueryCommandInput[] {
  const client = dynamo();
  const send = client.send.bind(client) as (command: unknown) => Promise<unknown>;
  const inputs: QueryCommandInput[] = [];
  jest.spyOn(client, 'send').mockImplementation(((command: unknown) => {
    if (command instanceof QueryCommand) inputs.push(command.input);
    return send(command);
  }) as never);
  return inputs;
}

afterEach(() => jest.restoreAllMocks());

const partition = (): QueryCommandInput => ({
  TableName: table,
  KeyConditionExpression: 'pk = :pk',
  ExpressionAttributeValues: { ':pk': PARTITION },
  ConsistentRead: true,
});
const onlyKept = (): QueryCommandInput => ({
  ...partition(),
  FilterExpression: 'kept = :yes',
  ExpressionAttributeValues: { ':pk': PARTITION, ':yes': true },
});
const sortKeysOf = (items: Item[]) => items.map((item) => item.sk as string);

describe('queryAll', () => {
  it('reads every page of a Query of Limit 4, each item once and in order', async () => {
    const sent = queriesSent();
    const items = await queryAll({ ...partition(), Limit: 4 });
    expect(sortKeysOf(items)).toEqual(sortKeys);
    // 25 items, 4 a page: 7 pages (the last one short, so DynamoDB says there is no more).
    expect(sent).toHaveLength(7);
    expect(sent.map((input) => input.ExclusiveStartKey?.sk)).toEqual([undefined, '04', '08', '12', '16', '20', '24']);
  });
});

describe('queryUpTo', () => {
  it('gives the first items of the asked count, and says there are more', async () => {
    const page = await queryUpTo(onlyKept(), 5);
    expect([sortKeysOf(page.items), page.more]).toEqual([keptSortKeys.slice(0, 5), true]);
  });

  it('reads on across pages, each asking for what is still missing plus one, and stops at the item after the count', async () => {
    const sent = queriesSent();
    await queryUpTo(onlyKept(), 5);
    // The filter keeps 03, 06, 09, ...: 01-06 give two, 07-10 one, 11-13 one, 14-15 the fifth; then one item a page
    // until 18, the sixth, which tells that there are more. Nothing after 18 is read.
    expect(sent.map((input) => [input.ExclusiveStartKey?.sk, input.Limit])).toEqual([
      [undefined, 6],
      ['06', 4],
      ['10', 3],
      ['13', 2],
      ['15', 1],
      ['16', 1],
      ['17', 1],
    ]);
  });

  it('says there are no more when the items end with the asked count', async () => {
    const page = await queryUpTo(onlyKept(), keptSortKeys.length);
    expect([sortKeysOf(page.items), page.more]).toEqual([keptSortKeys, false]);
  });

  it('resumes exactly after the last item given, when that is the start key of the next read', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let reads = 0; reads < 10; reads += 1) {
      const page = await queryUpTo({ ...onlyKept(), ExclusiveStartKey: after ? { pk: PARTITION, sk: after } : undefined }, 3);
      seen.push(...sortKeysOf(page.items));
      if (!page.more) break;
      after = page.items.at(-1)!.sk as string;
    }
    expect(seen).toEqual(keptSortKeys);
  });
});

describe('queryPage', () => {
  const keyShape = z.object({ pk: z.literal(PARTITION), sk: z.string() });
  const pageOf = (cursor: string | undefined, list = 'paged') => queryPage(partition(), { list, keyShape, limit: 10, cursor });

  it('walks a list page by page with the cursors it gives, each item once and in order', async () => {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const page = await pageOf(cursor);
      pages.push(sortKeysOf(page.items));
      cursor = page.nextCursor ?? undefined;
    } while (cursor && pages.length < 10);
    expect(pages).toEqual([sortKeys.slice(0, 10), sortKeys.slice(10, 20), sortKeys.slice(20)]);
  });

  it('refuses a cursor it gave for another list with a 400', async () => {
    const { nextCursor } = await queryPage(partition(), { list: 'other', keyShape, limit: 10, cursor: undefined });
    await expect(pageOf(nextCursor!)).rejects.toBeInstanceOf(ValidationError);
  });
});
