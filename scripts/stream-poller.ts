// The local stand-in for Lambda's DynamoDB stream event source mapping: it reads a table's stream from DynamoDB Local
// (the DynamoDB Streams API), keeps the records a consumer spec's filter selects (shared/streams/consumer.ts), and
// hands them to the consumer in batches shaped as Lambda's DynamoDB stream events. Like the mapping, it honours
// partial batch responses (batchItemFailures: retry from the first failed record), retries a batch at most
// `maximumRetryAttempts` times, and then hands the batch's description to the dead-letter path (here a callback: a
// log line in `npm start`) and moves on. Not emulated: bisecting a batch on a function error, parallel shards.
//
// npm start (scripts/start.ts) invokes the function inside sls offline through its Lambda API; tests may invoke the
// handler in process. `startingPosition` is where it starts in the shards open at its start: LATEST (the default,
// for tests sharing one database) delivers only what is written after it started; TRIM_HORIZON (npm start, whose
// DynamoDB Local is in memory and new) everything the stream holds, as the deployed mapping does.
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { StreamConsumerSpec } from '../shared/streams/consumer';
import { PARTITION_KEY } from '../shared/streams/consumer';

/** What Lambda puts on the on-failure destination for a stream batch that exhausted its retries. */
export interface DeadLetter {
  requestContext: { condition: 'RetryAttemptsExhausted'; approximateInvokeCount: number; functionName: string };
  responseContext: { batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] | null; functionError?: string };
  DDBStreamBatchInfo: { shardId: string; startSequenceNumber: string; endSequenceNumber: string; batchSize: number; streamArn: string };
}

export interface PollerOptions {
  consumer: StreamConsumerSpec;
  tableName: string;
  /** DynamoDB Local's URL. */
  endpoint: string;
  region: string;
  /** Runs the consumer on one event: its partial batch response, or a throw for a function error. */
  invoke: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
  onDeadLetter: (deadLetter: DeadLetter) => void;
  /** Told of each invocation's failures and of polling errors (a log line). */
  onProblem?: (message: string) => void;
  startingPosition?: 'LATEST' | 'TRIM_HORIZON';
  pollIntervalMs?: number;
  retryDelayMs?: number;
}

export interface StreamPoller {
  stop(): Promise<void>;
}

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The stream ARN of a table, waiting for DynamoDB Local to listen and the table to exist (sls offline starts the one
 * and creates the other while starting), for at most two minutes.
 */
async function streamArnOf(dynamodb: DynamoDBClient, tableName: string, stopped: () => boolean): Promise<string | undefined> {
  const deadline = Date.now() + 120_000;
  while (!stopped()) {
    const table = await dynamodb.send(new DescribeTableCommand({ TableName: tableName })).then(
      ({ Table }) => Table,
      (error: Error) => {
        if (Date.now() > deadline) throw new Error(`no table ${tableName} at DynamoDB Local after two minutes: ${error.message}`);
        return undefined;
      },
    );
    if (table?.LatestStreamArn) return table.LatestStreamArn;
    if (table) throw new Error(`the table ${tableName} has no stream: give it a StreamSpecification in resources/`);
    await sleep(500);
  }
  return undefined;
}

/** The record as Lambda hands it over (the Streams API's shape, with the timestamp in epoch seconds). */
function lambdaRecord(record: StreamRecord, streamArn: string, region: string): DynamoDBRecord {
  const { ApproximateCreationDateTime, ...dynamodb } = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      ...(dynamodb as DynamoDBRecord['dynamodb']),
      ...(ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(ApproximateCreationDateTime.getTime() / 1000) } : {}),
    },
    eventSourceARN: streamArn,
  };
}

/** The consumer's filter, as Lambda's filter pattern (config/functions.ts) applies it. */
export function selects(consumer: StreamConsumerSpec, record: StreamRecord): boolean {
  const { eventNames, partitionKeyPrefix } = consumer.stream.filter;
  const key = record.dynamodb?.NewImage?.[PARTITION_KEY]?.S;
  return eventNames.includes(record.eventName as never) && key !== undefined && key.startsWith(partitionKeyPrefix);
}

export async function startStreamPoller(options: PollerOptions): Promise<StreamPoller> {
  const { consumer, tableName, endpoint, region, invoke, onDeadLetter, onProblem = () => {} } = options;
  const { startingPosition = 'LATEST', pollIntervalMs = 250, retryDelayMs = 100 } = options;
  const dynamodb = new DynamoDBClient({ endpoint, region, credentials });
  const streams = new DynamoDBStreamsClient({ endpoint, region, credentials });
  let stopped = false;
  const streamArn = await streamArnOf(dynamodb, tableName, () => stopped);

  /** One batch, retried from its first failed record until it succeeds or its retries are exhausted. */
  async function deliver(shardId: string, batch: DynamoDBRecord[]): Promise<void> {
    let pending = batch;
    for (let invocation = 1; ; invocation += 1) {
      let failures: DynamoDBBatchResponse['batchItemFailures'] | null = null;
      let functionError: string | undefined;
      try {
        failures = (await invoke({ Records: pending }))?.batchItemFailures ?? [];
      } catch (error) {
        functionError = (error as Error).message;
      }
      if (failures && failures.length === 0) return;
      const failed = new Set((failures ?? []).map((failure) => failure.itemIdentifier));
      const first = functionError ? 0 : pending.findIndex((record) => failed.has(record.dynamodb?.SequenceNumber ?? ''));
      pending = pending.slice(Math.max(first, 0));
      onProblem(`${consumer.functionName}: invocation ${invocation} failed for ${pending.length} record(s)${functionError ? `: ${functionError}` : ''}`);
      if (invocation > consumer.stream.maximumRetryAttempts) {
        onDeadLetter({
          requestContext: { condition: 'RetryAttemptsExhausted', approximateInvokeCount: invocation, functionName: consumer.functionName },
          responseContext: { batchItemFailures: failures, ...(functionError ? { functionError } : {}) },
          DDBStreamBatchInfo: {
            shardId,
            startSequenceNumber: pending[0]!.dynamodb!.SequenceNumber!,
            endSequenceNumber: pending.at(-1)!.dynamodb!.SequenceNumber!,
            batchSize: pending.length,
            streamArn: streamArn!,
          },
        });
        return;
      }
      await sleep(retryDelayMs);
    }
  }

  /** Reads a shard from `iterator` until it closes or the poller stops. */
  async function pollShard(shardId: string, iterator: string | undefined): Promise<void> {
    while (iterator && !stopped) {
      const { Records = [], NextShardIterator } = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
      const selected = Records.filter((record) => selects(consumer, record)).map((record) => lambdaRecord(record, streamArn!, region));
      for (let start = 0; start < selected.length && !stopped; start += consumer.stream.batchSize) {
        await deliver(shardId, selected.slice(start, start + consumer.stream.batchSize));
      }
      iterator = NextShardIterator;
      if (Records.length === 0) await sleep(pollIntervalMs);
    }
  }

  const polled = new Map<string, Promise<void>>();
  /** Starts reading the shards not read yet: on the first round from `startingPosition`, later new ones from their start. */
  async function openShards(firstRound: boolean): Promise<void> {
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      const id = shard.ShardId!;
      const open = !shard.SequenceNumberRange?.EndingSequenceNumber;
      if (polled.has(id) || (firstRound && !open && startingPosition === 'LATEST')) continue;
      const type = firstRound ? startingPosition : 'TRIM_HORIZON';
      const { ShardIterator } = await streams.send(new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: id, ShardIteratorType: type }));
      // A shard whose reading failed (an expired iterator, DynamoDB Local restarting) is read again from its start.
      const reading = pollShard(id, ShardIterator).catch((error: Error) => {
        onProblem(`shard ${id}: ${error.message}`);
        polled.delete(id);
      });
      polled.set(id, reading);
    }
  }

  async function watchShards(): Promise<void> {
    while (!stopped) {
      await sleep(1000);
      await openShards(false).catch((error: Error) => onProblem(`describing the stream of ${tableName}: ${error.message}`));
    }
    await Promise.all(polled.values());
  }

  // The first iterators are taken before this returns, so that every write after it is seen.
  if (streamArn) await openShards(true);
  const running = streamArn ? watchShards() : Promise.resolve();
  return {
    stop: async () => {
      stopped = true;
      await running;
      dynamodb.destroy();
      streams.destroy();
    },
  };
}
