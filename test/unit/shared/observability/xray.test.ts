// The X-Ray writer (shared/observability/xray.ts): what reaches the daemon's UDP port, read by a real socket on
// loopback, for an invocation and the AWS SDK calls it makes (a real DynamoDB client against a DynamoDB stand-in on
// loopback that answers what the service answers).
import { DynamoDBClient, GetItemCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import dgram from 'node:dgram';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type * as Xray from '#shared/observability/xray';

type Document = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ROOT = '1-5759e988-bd862e3fe1be46a994272793';
const LAMBDA_SEGMENT = '53995c3f42cd8ad8';

let daemon: dgram.Socket;
let received: { header: string; document: Document }[] = [];
let database: http.Server;
let databaseUrl: string;
/** What the stand-in answers next: status and body; and the trace headers it was sent. */
let answer: { status: number; body: object } = { status: 200, body: {} };
let traceHeaders: string[] = [];
const saved = { ...process.env };

beforeAll(async () => {
  daemon = dgram.createSocket('udp4');
  daemon.on('message', (message) => {
    const text = message.toString();
    const newline = text.indexOf('\n');
    received.push({ header: text.slice(0, newline), document: JSON.parse(text.slice(newline + 1)) });
  });
  await new Promise<void>((resolve) => daemon.bind(0, '127.0.0.1', resolve));
  database = http.createServer((request, response) => {
    traceHeaders.push(String(request.headers['x-amzn-trace-id']));
    request.resume().on('end', () => {
      response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': 'REQUEST-ID-1' });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => database.listen(0, '127.0.0.1', resolve));
  databaseUrl = `http://127.0.0.1:${(database.address() as AddressInfo).port}`;
});

afterAll(async () => {
  daemon.close();
  await new Promise((resolve) => database.close(resolve));
});

beforeEach(() => {
  received = [];
  traceHeaders = [];
  answer = { status: 200, body: {} };
  Object.assign(process.env, {
    AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
    _X_AMZN_TRACE_ID: `Root=${ROOT};Parent=${LAMBDA_SEGMENT};Sampled=1`,
    _HANDLER: 'functions/users/get-user.handler',
    AWS_REGION: 'eu-west-1',
  });
});

afterEach(() => {
  process.env = { ...saved };
});

/** A fresh copy of the writer (its cold start and its socket are per module instance). */
function freshWriter(): typeof Xray {
  let writer: typeof Xray | undefined;
  jest.isolateModules(() => {
    writer = require('#shared/observability/xray'); // eslint-disable-line @typescript-eslint/no-require-imports
  });
  return writer!;
}

const client = (writer: typeof Xray) =>
  writer.captureAwsClient(new DynamoDBClient({ endpoint: databaseUrl, region: 'eu-west-1', maxAttempts: 1, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } }));

async function documents(count: number): Promise<Document[]> {
  for (let waited = 0; received.length < count && waited < 2000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
  await new Promise((resolve) => setTimeout(resolve, 30)); // nothing more than expected arrives
  return received.map((datagram) => datagram.document);
}

describe('the X-Ray writer', () => {
  it('sends the invocation and each SDK call as subsegments of the trace Lambda opened, with the daemon protocol header', async () => {
    const writer = freshWriter();
    const dynamo = client(writer);
    answer = { status: 200, body: { Item: { pk: { S: 'ada' } } } };
    writer.startInvocation();
    await dynamo.send(new GetItemCommand({ TableName: 'users-table', Key: { pk: { S: 'ada' } } }));
    writer.endInvocation({ status: 200 });

    const [call, invocation] = await documents(2);
    expect(received.map((datagram) => datagram.header)).toEqual(['{"format":"json","version":1}', '{"format":"json","version":1}']);
    expect(invocation).toMatchObject({
      type: 'subsegment',
      name: '## functions/users/get-user.handler',
      trace_id: ROOT,
      parent_id: LAMBDA_SEGMENT,
      annotations: { ColdStart: true, Service: 'serverless-api' },
    });
    expect(invocation!.id).toMatch(/^[0-9a-f]{16}$/);
    expect(call).toEqual({
      type: 'subsegment',
      name: 'DynamoDB',
      namespace: 'aws',
      id: expect.stringMatching(/^[0-9a-f]{16}$/),
      trace_id: ROOT,
      parent_id: invocation!.id,
      start_time: expect.any(Number),
      end_time: expect.any(Number),
      aws: { operation: 'GetItem', region: 'eu-west-1', request_id: 'REQUEST-ID-1', retries: 0, table_name: 'users-table' },
      http: { response: { status: 200 } },
    });
    for (const document of [call!, invocation!]) expect(document.end_time).toBeGreaterThanOrEqual(document.start_time);
    expect(invocation!.start_time).toBeLessThanOrEqual(call!.start_time);
    // The call carried the trace on to DynamoDB, under its own subsegment.
    expect(traceHeaders).toEqual([`Root=${ROOT};Parent=${call!.id};Sampled=1`]);
  });

  it('annotates only the first invocation of an instance as its cold start', async () => {
    const writer = freshWriter();
    for (const status of [200, 200]) {
      writer.startInvocation();
      writer.endInvocation({ status });
    }
    const annotations = (await documents(2)).map((document) => document.annotations.ColdStart);
    expect(annotations).toEqual([true, false]);
  });

  it('names every table of a transaction', async () => {
    const writer = freshWriter();
    writer.startInvocation();
    await client(writer).send(
      new TransactWriteItemsCommand({
        TransactItems: [
          { Put: { TableName: 'events-table', Item: { pk: { S: 'a' } } } },
          { Update: { TableName: 'events-table', Key: { pk: { S: 'b' } }, UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': { N: '1' } } } },
          { ConditionCheck: { TableName: 'other-table', Key: { pk: { S: 'c' } }, ConditionExpression: 'attribute_exists(pk)' } },
        ],
      }),
    );
    writer.endInvocation({ status: 201 });
    const [call] = await documents(2);
    expect(call!.aws).toMatchObject({ operation: 'TransactWriteItems', table_names: ['events-table', 'other-table'] });
  });

  it.each([
    ['a refused request as an error', 400, 'ValidationException', { error: true }],
    ['throttling as a throttled error', 400, 'ThrottlingException', { error: true, throttle: true }],
    ['a service failure as a fault', 500, 'InternalServerError', { fault: true }],
  ])('records %s, with the exception as the cause', async (_, status, type, flags) => {
    const writer = freshWriter();
    answer = { status, body: { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message: 'it went wrong' } };
    writer.startInvocation();
    await expect(client(writer).send(new GetItemCommand({ TableName: 'users-table', Key: { pk: { S: 'ada' } } }))).rejects.toThrow();
    writer.endInvocation({ status: 503, error: { name: 'DatabaseUnavailable', message: 'down' } });
    const [call, invocation] = await documents(2);
    expect(call).toMatchObject({ ...flags, http: { response: { status } }, cause: { exceptions: [{ type, message: 'it went wrong' }] } });
    for (const flag of ['error', 'throttle', 'fault'].filter((name) => !(name in flags))) expect(call).not.toHaveProperty(flag);
    expect(invocation).toMatchObject({ fault: true, cause: { exceptions: [{ type: 'DatabaseUnavailable', message: 'down' }] } });
  });

  it('records an answer the client refused (4xx) as an error of the invocation, and a call that got no answer as a fault', async () => {
    const writer = freshWriter();
    writer.startInvocation();
    const call = writer.startSubsegment('pokeapi.co', { namespace: 'remote' });
    call!.end({ error: { name: 'TypeError', message: 'fetch failed' } });
    call!.end({ status: 200 }); // a second end sends nothing
    writer.endInvocation({ status: 404, error: { name: 'NotFoundError', message: 'no such user' } });
    const [fetch, invocation] = await documents(2);
    expect(received).toHaveLength(2);
    expect(fetch).toMatchObject({ name: 'pokeapi.co', namespace: 'remote', fault: true, cause: { exceptions: [{ type: 'TypeError' }] } });
    expect(invocation).toMatchObject({ error: true });
    expect(invocation).not.toHaveProperty('fault');
  });

  it('sends nothing for an invocation Lambda did not sample, or without trace data, and leaves the SDK calls untouched', async () => {
    for (const header of [`Root=${ROOT};Parent=${LAMBDA_SEGMENT};Sampled=0`, undefined]) {
      if (header === undefined) delete process.env._X_AMZN_TRACE_ID;
      else process.env._X_AMZN_TRACE_ID = header;
      const writer = freshWriter();
      writer.startInvocation();
      await client(writer).send(new GetItemCommand({ TableName: 'users-table', Key: { pk: { S: 'ada' } } }));
      expect(writer.startSubsegment('pokeapi.co', {})).toBeUndefined();
      writer.endInvocation({ status: 200 });
    }
    expect(await documents(0)).toEqual([]);
    expect(traceHeaders).toEqual(['undefined', 'undefined']);
  });

  it('reaches a daemon named by host name as well as by IP (Lambda gives an IP, which needs no lookup)', async () => {
    process.env.AWS_XRAY_DAEMON_ADDRESS = `localhost:${daemon.address().port}`;
    const writer = freshWriter();
    writer.startInvocation();
    writer.endInvocation({ status: 200 });
    expect((await documents(1)).map((document) => document.name)).toEqual(['## functions/users/get-user.handler']);
  });

  it('reads the daemon address in both of its forms, with the daemon default', () => {
    const { daemonAddress } = freshWriter();
    expect(daemonAddress('169.254.79.129:2000')).toEqual({ host: '169.254.79.129', port: 2000 });
    expect(daemonAddress('tcp:127.0.0.1:2000 udp:127.0.0.2:2001')).toEqual({ host: '127.0.0.2', port: 2001 });
    expect(daemonAddress(undefined)).toEqual({ host: '127.0.0.1', port: 2000 });
  });
});
