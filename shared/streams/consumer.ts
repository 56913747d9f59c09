// A function that is not an HTTP route: it consumes a table's DynamoDB stream. Described once, as data, like a
// route (shared/http/route.ts): config/functions.ts turns it into its function (handler, stream event with its
// filter, retries and dead-letter queue, its own IAM role, its environment), and the local poller
// (scripts/stream-poller.ts) reads the same description to feed the handler from DynamoDB Local's stream.
// Consumer modules import no AWS client, so the configuration builder can load them cheaply.
import type { Section, TableKey } from '#shared/config/environment';
import type { DataAccess, LambdaSettings } from '#shared/http/route';

export type StreamEventName = 'INSERT' | 'MODIFY' | 'REMOVE';

export interface StreamConsumerSpec {
  /** The service it belongs to; its handler is `functions/<service>/<function name in kebab case>.ts`. */
  service: string;
  /** The deployed function's name. Deployed names are an interface: never rename one. */
  functionName: string;
  summary: string;
  stream: {
    /** The table whose stream feeds it (the table must declare a StreamSpecification). */
    table: TableKey;
    /** Only records of these kinds whose new image's partition key starts with `partitionKeyPrefix` reach it. */
    filter: { eventNames: StreamEventName[]; partitionKeyPrefix: string };
    batchSize: number;
    /** Attempts after the first, for a batch that fails (or the records it reports as failed). */
    maximumRetryAttempts: number;
    /** On a function error, split the batch in two and retry each half. */
    bisectBatchOnFunctionError: boolean;
    /** Where batches go once retries are exhausted: the logical id of an SQS queue in resources/<service>.yml. */
    deadLetterQueue: string;
  };
  /** Every table the function touches and how (its role grants exactly this). */
  data?: readonly DataAccess[];
  /** It sends email with SES: its role may send only as the stage's identity, from the stage's sender. */
  sendsEmail?: true;
  /** Configuration sections the function reads besides the base ones (see config/environment.ts). */
  settings?: readonly Section[];
  lambda?: LambdaSettings;
}

/** Identity function that keeps the literal types of a consumer. */
export const defineStreamConsumer = <const C extends StreamConsumerSpec>(consumer: C): C => consumer;

/** The key attributes of every table of this project. */
export const PARTITION_KEY = 'pk';
export const SORT_KEY = 'sk';
