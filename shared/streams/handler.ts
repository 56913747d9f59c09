// The one way to build a stream consumer's function: `streamHandler(consumer, handle)`. For each record of the batch,
// in order, it calls `handle` with the record's key; a record whose outcome is failed, or whose handling threw, is
// reported back as a partial batch failure (its sequence number), so that Lambda retries from there and hands
// the batch to the consumer's dead-letter queue once its retries are exhausted (config/functions.ts). It logs one
// structured line per record and one per batch, like the HTTP handlers' one line per request.
//
// Every record is handled, even after one has failed, and every failed one is reported. Lambda checkpoints at the
// lowest sequence number reported and hands that record and all after it over again, so the later ones come back
// whatever they did: `handle` must be idempotent (the relay's conditional marks make it so). Handling them anyway
// delivers them without waiting on the failed one, and lets each count its own attempts on every handover, which
// the relay's retry bound relies on (a record skipped while the one before it fails would reach the dead-letter
// queue without its attempts counted).
import middy from '@middy/core';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { log, type LogLevel } from '#shared/http/log';
import { endInvocationTrace, startInvocationTrace } from '#shared/observability/tracing';
import type { StreamConsumerSpec } from '#shared/streams/consumer';
import { PARTITION_KEY, SORT_KEY } from '#shared/streams/consumer';

export type StreamLambda = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>;

/** A record's table key: the partition and sort key as strings (every table here keys on `pk` and `sk`). */
export interface RecordKey {
  pk: string;
  sk: string;
}

const keyOf = (record: DynamoDBRecord): RecordKey => ({
  pk: record.dynamodb?.Keys?.[PARTITION_KEY]?.S ?? '',
  sk: record.dynamodb?.Keys?.[SORT_KEY]?.S ?? '',
});

/** A record given up on is an error, one left to a retry a warning, anything else (done) information. */
const LEVELS: Record<string, LogLevel> = { failed: 'error', retry: 'warn' };

const elapsed = (startedAt: number) => Math.round((performance.now() - startedAt) * 100) / 100;

/** `handle` says what became of a record: `failed` (given up on) and `retry` are reported back as failed records. */
export function streamHandler(consumer: StreamConsumerSpec, handle: (key: RecordKey, record: DynamoDBRecord) => Promise<string>): StreamLambda {
  const lambda = middy<DynamoDBStreamEvent, DynamoDBBatchResponse>().use({
    before: () => startInvocationTrace(),
    after: () => endInvocationTrace({}),
    onError: (request) => endInvocationTrace({ error: request.error ?? undefined }),
  });
  const handler = lambda.handler(async (event, context) => {
    const startedAt = performance.now();
    const batchItemFailures: DynamoDBBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      const recordStartedAt = performance.now();
      const sequenceNumber = record.dynamodb?.SequenceNumber ?? '';
      const fields: Record<string, unknown> = { consumer: consumer.functionName, requestId: context.awsRequestId, sequenceNumber, key: keyOf(record) };
      try {
        const outcome = await handle(keyOf(record), record);
        if (outcome === 'failed' || outcome === 'retry') batchItemFailures.push({ itemIdentifier: sequenceNumber });
        log(LEVELS[outcome] ?? 'info', 'record', { ...fields, outcome, durationMs: elapsed(recordStartedAt) });
      } catch (error) {
        batchItemFailures.push({ itemIdentifier: sequenceNumber });
        const { name, message, stack } = error as Error;
        log('error', 'record', { ...fields, outcome: 'error', durationMs: elapsed(recordStartedAt), error: { name, message, stack } });
      }
    }
    log(batchItemFailures.length ? 'warn' : 'info', 'batch', {
      consumer: consumer.functionName,
      requestId: context.awsRequestId,
      records: event.Records.length,
      failed: batchItemFailures.length,
      durationMs: elapsed(startedAt),
    });
    return { batchItemFailures };
  });
  return handler as unknown as StreamLambda;
}
