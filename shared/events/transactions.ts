// How a batch of new events is cut into DynamoDB transactions (pure: no I/O).
//
// Each transaction writes, for its events: the event items (2 per event, see store.ts), ONE update
// per day summary it touches (a transaction may not touch an item twice, so the counts of one day are
// added up first), one marker per engineer first active on a day, and ONE update per engineer.
// Events go in timestamp order, so that a chunk touches few days; a chunk is closed before it would
// exceed DynamoDB's limit of 100 items per transaction.
import type { DeployEvent } from '#shared/events/schemas';
import { dayOf } from '#shared/events/time';

export const MAX_TRANSACTION_ITEMS = 100;
export const ITEMS_PER_EVENT = 2;

export interface DayCounts {
  total: number;
  actions: Map<string, number>;
  /** Engineers active this day for the first time: each gets a marker and adds 1 to `engineers`. */
  newEngineers: Set<string>;
}

export interface EngineerCounts {
  events: number;
  actions: Map<string, number>;
  firstSeen: string;
  lastSeen: string;
}

export interface TransactionPlan {
  events: DeployEvent[];
  days: Map<string, DayCounts>;
  engineers: Map<string, EngineerCounts>;
}

/** `${date}/${engineer}`: the date has a fixed width, so the key is unambiguous. */
export const markerKey = (date: string, engineer: string) => `${date}/${engineer}`;

export const itemCount = (plan: TransactionPlan): number =>
  plan.events.length * ITEMS_PER_EVENT +
  plan.days.size +
  [...plan.days.values()].reduce((sum, day) => sum + day.newEngineers.size, 0) +
  plan.engineers.size;

const emptyPlan = (): TransactionPlan => ({ events: [], days: new Map(), engineers: new Map() });

/** Items that adding `event` to `plan` would add. */
function itemsAdded(plan: TransactionPlan, event: DeployEvent, activeMarkers: ReadonlySet<string>): number {
  const date = dayOf(event.timestamp);
  const day = plan.days.get(date);
  const newMarker = !activeMarkers.has(markerKey(date, event.engineer)) && !day?.newEngineers.has(event.engineer);
  return ITEMS_PER_EVENT + (day ? 0 : 1) + (newMarker ? 1 : 0) + (plan.engineers.has(event.engineer) ? 0 : 1);
}

function add(plan: TransactionPlan, event: DeployEvent, activeMarkers: ReadonlySet<string>): void {
  const date = dayOf(event.timestamp);
  let day = plan.days.get(date);
  if (!day) plan.days.set(date, (day = { total: 0, actions: new Map(), newEngineers: new Set() }));
  day.total += 1;
  day.actions.set(event.action, (day.actions.get(event.action) ?? 0) + 1);
  if (!activeMarkers.has(markerKey(date, event.engineer))) day.newEngineers.add(event.engineer);

  const engineer = plan.engineers.get(event.engineer);
  if (!engineer) {
    plan.engineers.set(event.engineer, { events: 1, actions: new Map([[event.action, 1]]), firstSeen: event.timestamp, lastSeen: event.timestamp });
  } else {
    engineer.events += 1;
    engineer.actions.set(event.action, (engineer.actions.get(event.action) ?? 0) + 1);
    if (event.timestamp < engineer.firstSeen) engineer.firstSeen = event.timestamp;
    if (event.timestamp > engineer.lastSeen) engineer.lastSeen = event.timestamp;
  }
  plan.events.push(event);
}

/**
 * Cuts new events (none of them stored yet) into transactions of at most 100 items.
 * `activeMarkers` holds the markerKeys of the engineer-days already stored.
 */
export function planTransactions(events: readonly DeployEvent[], activeMarkers: ReadonlySet<string>): TransactionPlan[] {
  const ordered = [...events].sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
  const plans: TransactionPlan[] = [];
  let plan = emptyPlan();
  for (const event of ordered) {
    if (plan.events.length > 0 && itemCount(plan) + itemsAdded(plan, event, activeMarkers) > MAX_TRANSACTION_ITEMS) {
      plans.push(plan);
      plan = emptyPlan();
    }
    add(plan, event, activeMarkers);
  }
  if (plan.events.length > 0) plans.push(plan);
  return plans;
}
