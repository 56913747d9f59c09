// The events table's keys (EventsTable, resources/events.yml, single-table design); how they are read and
// written is in store.ts (reads) and ingest-store.ts (the ingest).
//
// Key design                pk                     sk                     other attributes
// -----------------------   --------------------   --------------------   ------------------------------------------
// event, by day             DAY#<date>             <timestamp>#<id>       id sha timestamp action engineer,
//                                                                          engineerPk = ENGINEER#<engineer>,
//                                                                          engineerSk = <timestamp>#<id>
// event, by id (the claim)  EVENT#<id>             EVENT                  id sha timestamp action engineer
// daily summary             SUMMARY                <date>                 date, total, engineers, action:<name> = count
// engineer active on a day  ACTIVE#<date>          <engineer>             (its existence is the fact)
// engineer                  ENGINEERS              <engineer>             engineer, events, firstSeen, lastSeen,
//                                                                          action:<name> = count
// GSI byEngineer: engineerPk / engineerSk (sparse: only the by-day event items), projecting the event fields.
//
// <date> is YYYY-MM-DD and <timestamp> YYYY-MM-DDTHH:MM:SSZ (UTC, fixed width), so string order is time
// order, and <timestamp>#<id> orders by timestamp then id.
import type { Item } from '#shared/dynamo/client';
import type { DeployEvent } from '#shared/events/schemas';
import { dayOf } from '#shared/events/time';

export type Key = { pk: string; sk: string };

export const ACTION_PREFIX = 'action:';
export const ENGINEER_INDEX = 'byEngineer';

const DAY_PREFIX = 'DAY#';
const ACTIVE_PREFIX = 'ACTIVE#';

/** The partitions of one item per day with events (SUMMARY) and of one item per engineer (ENGINEERS). */
export const partitions = { summaries: 'SUMMARY', engineers: 'ENGINEERS' } as const;
/** The partition of one day's events. */
export const dayPartition = (date: string) => `${DAY_PREFIX}${date}`;
/** The date of a partition of one day's events; undefined for any other partition. */
export const dateOfDayPartition = (pk: string): string | undefined => (pk.startsWith(DAY_PREFIX) ? pk.slice(DAY_PREFIX.length) : undefined);
/** The partition of the engineers active on a day. */
export const markerPartition = (date: string) => `${ACTIVE_PREFIX}${date}`;
/** The date of a partition of engineers active on a day; undefined for any other partition. */
export const dateOfMarkerPartition = (pk: string): string | undefined =>
  pk.startsWith(ACTIVE_PREFIX) ? pk.slice(ACTIVE_PREFIX.length) : undefined;

export const eventSortKey = (event: Pick<DeployEvent, 'timestamp' | 'id'>) => `${event.timestamp}#${event.id}`;
export const dayKey = (event: Pick<DeployEvent, 'timestamp' | 'id'>): Key => ({ pk: dayPartition(dayOf(event.timestamp)), sk: eventSortKey(event) });
export const claimKey = (id: string): Key => ({ pk: `EVENT#${id}`, sk: 'EVENT' });
export const markerItemKey = (date: string, engineer: string): Key => ({ pk: markerPartition(date), sk: engineer });
export const summaryKey = (date: string): Key => ({ pk: partitions.summaries, sk: date });
export const engineerKey = (engineer: string): Key => ({ pk: partitions.engineers, sk: engineer });
export const engineerIndexKey = (engineer: string) => `ENGINEER#${engineer}`;

export const toEvent = (item: Item): DeployEvent => ({
  id: item.id,
  sha: item.sha,
  timestamp: item.timestamp,
  action: item.action,
  engineer: item.engineer,
});

/** The `action:<name>` counters of a summary or engineer item. */
export function actionCounts(item: Item): Record<string, number> {
  const actions: Record<string, number> = {};
  for (const [name, value] of Object.entries(item)) {
    if (name.startsWith(ACTION_PREFIX) && value > 0) actions[name.slice(ACTION_PREFIX.length)] = value as number;
  }
  return actions;
}
