// The events ingest's DynamoDB writes (and the reads that plan them). The key design is written at the top of keys.ts.
// Each new event, with its summary, marker and engineer updates, goes in one TransactWriteItems whose
// claim Put is conditioned on the event not existing (attribute_not_exists), and whose marker Puts are
// conditioned likewise: a retried or concurrent duplicate cancels the transaction instead of counting twice,
// and `engineers` of a day counts each engineer once. The engineer's update widens firstSeen/lastSeen past
// the span read before planning (in the same BatchGetItem as the markers), conditioned on the stored span not
// having gone further meanwhile (if it has, the transaction goes again at once without that span). Spans that
// could not be widened so (overtaken so, an engineer created concurrently, events stored before by a request that
// failed) are widened afterwards by conditional updates: min/max are idempotent.
// Hot spots: every write updates the SUMMARY item of its day and one ENGINEERS item; DynamoDB allows
// ~1000 writes/s per partition, far above what a CI pipeline sends. Batches add counts up per transaction.
import { UpdateCommand, type NativeAttributeValue } from '@aws-sdk/lib-dynamodb';
import { batchGetAll } from '#shared/dynamo/batch-get';
import { dynamo, isConditionFailure } from '#shared/dynamo/client';
import { conditionFailed, transactWrite, type TransactItem } from '#shared/dynamo/transactions';
import { tableName } from '#shared/config/index';
import type { DeployEvent } from '#shared/events/schemas';
import {
  ACTION_PREFIX,
  claimKey,
  dateOfMarkerPartition,
  dayKey,
  engineerIndexKey,
  engineerKey,
  eventSortKey,
  markerItemKey,
  partitions,
  summaryKey,
  toEvent,
} from '#shared/events/keys';
import { markerKey, widening, type Span, type TransactionPlan } from '#shared/events/transactions';

const table = () => tableName('events');

/** The stored events among these ids, by id. */
export async function storedEvents(ids: string[]): Promise<Map<string, DeployEvent>> {
  const items = await batchGetAll(table(), ids.map(claimKey));
  return new Map(items.map((item) => [item.id as string, toEvent(item)]));
}

export interface PlanningState {
  /** The engineer-days already marked active, as markerKey (`${date}/${engineer}`). */
  markers: Set<string>;
  /** The stored firstSeen/lastSeen of the engineers that are stored. */
  spans: Map<string, Span>;
}

/** What planning needs to know, in one BatchGetItem: which of these engineer-days are marked, and these engineers' spans. */
export async function planningState(pairs: { date: string; engineer: string }[], engineers: string[]): Promise<PlanningState> {
  const items = await batchGetAll(table(), [...pairs.map(({ date, engineer }) => markerItemKey(date, engineer)), ...engineers.map(engineerKey)]);
  const state: PlanningState = { markers: new Set(), spans: new Map() };
  for (const item of items) {
    const pk = item.pk as string;
    const markedDate = dateOfMarkerPartition(pk);
    if (pk === partitions.engineers) state.spans.set(item.sk as string, { firstSeen: item.firstSeen as string, lastSeen: item.lastSeen as string });
    else if (markedDate !== undefined) state.markers.add(markerKey(markedDate, item.sk as string));
  }
  return state;
}

/** The ADD clauses of `action:<name>` counters, their names and values put into `names` and `values`. */
function addActions(actions: Map<string, number>, names: Record<string, string>, values: Record<string, NativeAttributeValue>): string[] {
  return [...actions].map(([action, count], index) => {
    names[`#a${index}`] = `${ACTION_PREFIX}${action}`;
    values[`:a${index}`] = count;
    return `#a${index} :a${index}`;
  });
}

/** The transaction's items, and which of them is each engineer's update (to tell a cancellation's cause). */
function transactItems(plan: TransactionPlan): { items: TransactItem[]; engineerAt: Map<number, string> } {
  const items: TransactItem[] = [];
  const engineerAt = new Map<number, string>();
  for (const event of plan.events) {
    items.push({
      Put: { TableName: table(), Item: { ...claimKey(event.id), ...event }, ConditionExpression: 'attribute_not_exists(pk)' },
    });
    items.push({
      Put: {
        TableName: table(),
        Item: { ...dayKey(event), ...event, engineerPk: engineerIndexKey(event.engineer), engineerSk: eventSortKey(event) },
      },
    });
  }
  for (const [date, day] of plan.days) {
    const names: Record<string, string> = { '#date': 'date', '#total': 'total', '#engineers': 'engineers' };
    const values: Record<string, NativeAttributeValue> = { ':date': date, ':total': day.total, ':engineers': day.newEngineers.size };
    const adds = ['#total :total', '#engineers :engineers', ...addActions(day.actions, names, values)];
    items.push({
      Update: {
        TableName: table(),
        Key: summaryKey(date),
        UpdateExpression: `SET #date = :date ADD ${adds.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    });
    for (const engineer of day.newEngineers) {
      items.push({
        Put: { TableName: table(), Item: markerItemKey(date, engineer), ConditionExpression: 'attribute_not_exists(pk)' },
      });
    }
  }
  for (const [engineer, counts] of plan.engineers) {
    const names: Record<string, string> = {};
    const values: Record<string, NativeAttributeValue> = { ':engineer': engineer, ':events': counts.events };
    const sets = ['engineer = :engineer'];
    const conditions: string[] = [];
    if (!counts.known) {
      // Not stored when planned: created with this transaction's span (a concurrent creator's wins, widened later).
      Object.assign(values, { ':first': counts.firstSeen, ':last': counts.lastSeen });
      sets.push('firstSeen = if_not_exists(firstSeen, :first)', 'lastSeen = if_not_exists(lastSeen, :last)');
    } else {
      // Widened in the same write as the counts; cancelled (and planned again) if another request widened further.
      const { firstSeen, lastSeen } = widening(counts);
      if (firstSeen !== undefined) {
        values[':first'] = firstSeen;
        sets.push('firstSeen = :first');
        conditions.push('firstSeen > :first');
      }
      if (lastSeen !== undefined) {
        values[':last'] = lastSeen;
        sets.push('lastSeen = :last');
        conditions.push('lastSeen < :last');
      }
    }
    const adds = ['events :events', ...addActions(counts.actions, names, values)];
    engineerAt.set(items.length, engineer);
    items.push({
      Update: {
        TableName: table(),
        Key: engineerKey(engineer),
        UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
        ConditionExpression: conditions.length > 0 ? conditions.join(' AND ') : undefined,
        ExpressionAttributeNames: Object.keys(names).length > 0 ? names : undefined,
        ExpressionAttributeValues: values,
      },
    });
  }
  return { items, engineerAt };
}

/**
 * What became of one planned transaction; unless written, nothing of it was. `claimed`: a claim or marker
 * now exists (a concurrent or earlier write of the same events), so the caller re-reads and plans again.
 * `overtaken`: the only conditions that failed were these engineers' spans, widened past this transaction's
 * by other requests meanwhile.
 */
export type WriteOutcome = { written: true } | { written: false; claimed: true } | { written: false; claimed: false; overtaken: string[] };

/** Writes one planned transaction. A conflict with another transaction is retried by transactWrite. */
export async function writeTransaction(plan: TransactionPlan): Promise<WriteOutcome> {
  const { items, engineerAt } = transactItems(plan);
  const reasons = await transactWrite(items, 'Other requests are writing the same events; retry shortly (a retry is safe)');
  if (reasons === undefined) return { written: true };
  const failed = reasons.flatMap((_, index) => (conditionFailed(reasons, index) ? [index] : []));
  if (!failed.every((index) => engineerAt.has(index))) return { written: false, claimed: true };
  return { written: false, claimed: false, overtaken: failed.map((index) => engineerAt.get(index)!) };
}

/** firstSeen and lastSeen of these engineers as stored (strongly consistent), by name; missing ones left out. */
export async function engineerSpans(names: string[]): Promise<Map<string, Span>> {
  const items = await batchGetAll(table(), names.map(engineerKey));
  return new Map(items.map((item) => [item.sk as string, { firstSeen: item.firstSeen as string, lastSeen: item.lastSeen as string }]));
}

/** Lowers firstSeen (`firstSeen` given) and raises lastSeen (`lastSeen` given) of a stored engineer to include these times; idempotent. */
export async function widenEngineerSeen(engineer: string, { firstSeen, lastSeen }: { firstSeen?: string; lastSeen?: string }): Promise<void> {
  const widen = async (attribute: 'firstSeen' | 'lastSeen', value: string, comparison: '>' | '<') => {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: table(),
          Key: engineerKey(engineer),
          UpdateExpression: `SET ${attribute} = :value`,
          ConditionExpression: `attribute_exists(pk) AND ${attribute} ${comparison} :value`,
          ExpressionAttributeValues: { ':value': value },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  };
  if (firstSeen !== undefined) await widen('firstSeen', firstSeen, '>');
  if (lastSeen !== undefined) await widen('lastSeen', lastSeen, '<');
}
