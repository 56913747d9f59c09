// The one DynamoDB document client of a function instance, created on first use.
// Timeouts and bounded retries make a database outage a quick 503, never a hang: the stage sets them
// (`database` in config/stages/<stage>.yml; deployed stages: 3 attempts of at most 1.5 s). `throwOnRequestTimeout`
// is what makes `requestTimeout` abort a request: without it the handler only logs a warning and waits
// on a database that accepts connections but never answers (seen with a frozen DynamoDB Local: 10 s).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, type NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { config } from '#shared/config/index';
import { traced } from '#shared/observability/tracing';

/** An item as the document client reads and writes it. */
export type Item = Record<string, NativeAttributeValue>;

let documentClient: DynamoDBDocumentClient | undefined;

export function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(
    traced(
      new DynamoDBClient({
        endpoint: config().dynamodb.endpoint,
        maxAttempts: config().dynamodb.maxAttempts,
        requestHandler: {
          connectionTimeout: config().dynamodb.connectionTimeoutMs,
          requestTimeout: config().dynamodb.requestTimeoutMs,
          throwOnRequestTimeout: true,
        },
      }),
    ),
    { marshallOptions: { removeUndefinedValues: true } },
  );
  return documentClient;
}

/** DynamoDB refused a write because its condition did not hold (the item exists, or does not). */
export const isConditionFailure = (error: unknown): boolean =>
  (error as { name?: string }).name === 'ConditionalCheckFailedException';

/** A transaction was cancelled; `reasons` holds one code per item ("None" for the items that were fine). */
export function cancellationReasons(error: unknown): string[] | undefined {
  if ((error as { name?: string }).name !== 'TransactionCanceledException') return undefined;
  return ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code ?? 'None');
}
