// How a batch of new events is cut into DynamoDB transactions (pure: no I/O).
//
// Each transaction writes, for its events: the event items (2 per event, see ingest-store.ts), ONE update
// per day summary it touches (a transaction may not touch an item twice, so the counts of one day are
// added up first), one marker per engineer first active on a day, and ONE update per engineer, which also
// widens the engineer's firstSeen/lastSeen past the span known before it (see EngineerCounts.known).
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

export interface Span {
  firstSeen: string;
  lastSeen: string;
}

export interface EngineerCounts extends Span {
  events: number;
  actions: Map<string, number>;
  /**
   * The engineer's stored span as read before planning, widened by the earlier transactions of the same
   * plan: the update sets firstSeen/lastSeen only where this transaction's events go beyond it, on the
   * condition that the stored value still does (or the transaction is cancelled and planned again).
   * Undefined for an engineer not stored at the read: the update creates the span with if_not_exists,
   * and a concurrent creator's span is widened after the transactions.
   */
  known?: Span;
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

function add(plan: TransactionPlan, event: DeployEvent, activeMarkers: ReadonlySet<string>, spans: ReadonlyMap<string, Span>): void {
  const date = dayOf(event.timestamp);
  let day = plan.days.get(date);
  if (!day) plan.days.set(date, (day = { total: 0, actions: new Map(), newEngineers: new Set() }));
  day.total += 1;
  day.actions.set(event.action, (day.actions.get(event.action) ?? 0) + 1);
  if (!activeMarkers.has(markerKey(date, event.engineer))) day.newEngineers.add(event.engineer);

  const engineer = plan.engineers.get(event.engineer);
  if (!engineer) {
    const known = spans.get(event.engineer);
    plan.engineers.set(event.engineer, {
      events: 1,
      actions: new Map([[event.action, 1]]),
      firstSeen: event.timestamp,
      lastSeen: event.timestamp,
      known: known && { ...known },
    });
  } else {
    engineer.events += 1;
    engineer.actions.set(event.action, (engineer.actions.get(event.action) ?? 0) + 1);
    if (event.timestamp < engineer.firstSeen) engineer.firstSeen = event.timestamp;
    if (event.timestamp > engineer.lastSeen) engineer.lastSeen = event.timestamp;
  }
  plan.events.push(event);
}

/** What firstSeen/lastSeen the engineer's update must set: only what goes beyond the known span. */
export function widening(counts: EngineerCounts): Partial<Span> {
  if (!counts.known) return {};
  return {
    firstSeen: counts.firstSeen < counts.known.firstSeen ? counts.firstSeen : undefined,
    lastSeen: counts.lastSeen > counts.known.lastSeen ? counts.lastSeen : undefined,
  };
}

/** The smallest span holding both: what an engineer's span becomes once `b`'s events are written. */
export const cover = (a: Span, b: Span): Span => ({
  firstSeen: b.firstSeen < a.firstSeen ? b.firstSeen : a.firstSeen,
  lastSeen: b.lastSeen > a.lastSeen ? b.lastSeen : a.lastSeen,
});

/**
 * Cuts new events (none of them stored yet) into transactions of at most 100 items, to be written in order.
 * `activeMarkers` holds the markerKeys of the engineer-days already stored; `spans` the stored spans of
 * the engineers (those missing are not stored). An engineer-day gets its marker in the first transaction
 * that has it: the later ones count on it.
 */
export function planTransactions(
  events: readonly DeployEvent[],
  activeMarkers: ReadonlySet<string>,
  spans: ReadonlyMap<string, Span> = new Map(),
): TransactionPlan[] {
  const ordered = [...events].sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
  // What the store holds once the earlier transactions committed (the caller runs them in order and plans again
  // from a fresh read at the first that fails): their markers, and the spans they widened.
  const marked = new Set(activeMarkers);
  const working = new Map(spans);
  const plans: TransactionPlan[] = [];
  let plan = emptyPlan();
  const close = () => {
    plans.push(plan);
    for (const [date, day] of plan.days) for (const engineer of day.newEngineers) marked.add(markerKey(date, engineer));
    for (const [engineer, counts] of plan.engineers) if (counts.known) working.set(engineer, cover(counts.known, counts));
  };
  for (const event of ordered) {
    if (plan.events.length > 0 && itemCount(plan) + itemsAdded(plan, event, marked) > MAX_TRANSACTION_ITEMS) {
      close();
      plan = emptyPlan();
    }
    add(plan, event, marked, working);
  }
  if (plan.events.length > 0) close();
  return plans;
}
