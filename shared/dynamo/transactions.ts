// One TransactWriteItems, with the retry DynamoDB leaves to its callers.
//
// A transaction is cancelled as a whole (nothing of it is written) when a condition fails or when another
// transaction holds one of its items. A failed condition is an answer for the caller to turn into its rule
// (a 404, a 409, or planning again); a conflict is only bad timing, so it is retried here, with backoff,
// a bounded number of times, and then answered as a 503 that the client may retry.
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { backOff } from '#shared/dynamo/backoff';
import { cancellationReasons, dynamo } from '#shared/dynamo/client';
import { UnavailableError } from '#shared/http/errors';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** Tries of one transaction that keeps conflicting: about 1 s of backoff in all. */
const MAX_ATTEMPTS = 6;

const isConflict = (error: unknown, reasons: string[] | undefined): boolean =>
  (reasons?.includes('TransactionConflict') ?? false) || (error as { name?: string }).name === 'TransactionConflictException';

/**
 * Writes `items` in one transaction. Answers undefined when it committed, or, when a condition failed, one
 * cancellation code per item (see conditionFailed). Still conflicting after MAX_ATTEMPTS: a 503 saying `busyMessage`.
 */
export async function transactWrite(items: TransactItem[], busyMessage: string): Promise<string[] | undefined> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await dynamo().send(new TransactWriteCommand({ TransactItems: items }));
      return undefined;
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (reasons?.includes('ConditionalCheckFailed')) return reasons;
      if (!isConflict(error, reasons)) throw error;
      if (attempt === MAX_ATTEMPTS) throw new UnavailableError(busyMessage, 1);
      await backOff(attempt);
    }
  }
}

/** Whether the item at `index` of a cancelled transaction is one whose condition failed. */
export const conditionFailed = (reasons: string[], index: number): boolean => reasons[index] === 'ConditionalCheckFailed';
