// The events service's DynamoDB reads (never a Scan); the ingest's writes are in ingest-store.ts. The key design is
// written at the top of keys.ts.
//   events in a range     Query SUMMARY between the two dates (which days have events: one small item per
//                         day), then Query DAY#<date> with sk between the bounds, for each such day, until
//                         the page is full: a range of D days costs at most 1 + D queries plus the rows returned,
//                         and empty days cost nothing.
//   an engineer's events  Query byEngineer on ENGINEER#<engineer>, engineerSk between the bounds: 1 query a page.
//   engineers             Query ENGINEERS: one item per engineer, already sorted by name.
//   one engineer          GetItem ENGINEERS/<engineer>. Items written before the per-action counts existed lack
//                         them (their counts add up to less than `events`): those are counted once from byEngineer.
//   daily summaries       Query SUMMARY between the day before `from` and `to`: 1 query.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/dynamo/client';
import { queryAll, queryUpTo, type QueryPage } from '#shared/dynamo/paging';
import { tableName } from '#shared/config/index';
import type { DeployEvent, EngineerStats } from '#shared/events/schemas';
import { ENGINEER_INDEX, actionCounts, dayPartition, engineerIndexKey, engineerKey, partitions, toEvent } from '#shared/events/keys';
import { dayOf } from '#shared/events/time';

const table = () => tableName('events');

/** Events of one day with sort key in [lower, upper], after `afterSortKey` when given. */
export async function eventsOfDay(
  date: string,
  bounds: { lower: string; upper: string; after?: string },
  want: number,
): Promise<QueryPage<DeployEvent>> {
  const pk = dayPartition(date);
  const page = await queryUpTo(
    {
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
      ExpressionAttributeValues: { ':pk': pk, ':lower': bounds.lower, ':upper': bounds.upper },
      ExclusiveStartKey: bounds.after ? { pk, sk: bounds.after } : undefined,
      ConsistentRead: true,
    },
    want,
  );
  return { items: page.items.map(toEvent), more: page.more };
}

/** An engineer's events with sort key in [lower, upper], after `afterSortKey` when given. */
export async function eventsOfEngineer(
  engineer: string,
  bounds: { lower: string; upper: string; after?: string },
  want: number,
): Promise<QueryPage<DeployEvent>> {
  const engineerPk = engineerIndexKey(engineer);
  const after = bounds.after;
  const page = await queryUpTo(
    {
      TableName: table(),
      IndexName: ENGINEER_INDEX,
      KeyConditionExpression: 'engineerPk = :pk AND engineerSk BETWEEN :lower AND :upper',
      ExpressionAttributeValues: { ':pk': engineerPk, ':lower': bounds.lower, ':upper': bounds.upper },
      // The index's key with the table's: the by-day item of the event whose sort key is `after` (it starts with its timestamp).
      ExclusiveStartKey: after ? { pk: dayPartition(dayOf(after)), sk: after, engineerPk, engineerSk: after } : undefined,
    },
    want,
  );
  return { items: page.items.map(toEvent), more: page.more };
}

/** Engineers by name, after `afterName` when given. */
export async function engineers(afterName: string | undefined, want: number): Promise<QueryPage<EngineerStats>> {
  const page = await queryUpTo(
    {
      TableName: table(),
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': partitions.engineers },
      ExclusiveStartKey: afterName ? engineerKey(afterName) : undefined,
      ConsistentRead: true,
    },
    want,
  );
  const items = page.items.map((item) => ({
    engineer: item.engineer as string,
    events: item.events as number,
    firstSeen: item.firstSeen as string,
    lastSeen: item.lastSeen as string,
  }));
  return { items, more: page.more };
}

export interface StoredEngineer extends EngineerStats {
  actions: Record<string, number>;
}

/** One engineer's totals, or undefined when the engineer has no events. */
export async function engineer(name: string): Promise<StoredEngineer | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: engineerKey(name), ConsistentRead: true }));
  if (!Item) return undefined;
  return { engineer: Item.engineer, events: Item.events, firstSeen: Item.firstSeen, lastSeen: Item.lastSeen, actions: actionCounts(Item) };
}

/** Counts an engineer's events by action from the byEngineer index (for items without per-action counts). */
export async function countActionsOfEngineer(name: string): Promise<Record<string, number>> {
  // Only the legacy items need it, once: a small projection of an engineer's own events.
  const items = await queryAll({
    TableName: table(),
    IndexName: ENGINEER_INDEX,
    KeyConditionExpression: 'engineerPk = :pk',
    ExpressionAttributeValues: { ':pk': engineerIndexKey(name) },
    ProjectionExpression: '#action',
    ExpressionAttributeNames: { '#action': 'action' },
  });
  const actions: Record<string, number> = {};
  for (const { action } of items) actions[action] = (actions[action] ?? 0) + 1;
  return actions;
}

export interface StoredDaySummary {
  date: string;
  total: number;
  engineers: number;
  actions: Record<string, number>;
}

/** The summaries of the days from `from` to `to` that have events (days without events have no item). */
export async function daySummaries(from: string, to: string): Promise<StoredDaySummary[]> {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': partitions.summaries, ':from': from, ':to': to },
    ConsistentRead: true,
  });
  return items.map((item) => ({ date: item.sk, total: item.total, engineers: item.engineers, actions: actionCounts(item) }));
}
