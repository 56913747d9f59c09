// The events service's reads: events by time range and by engineer, the engineer list and one engineer's totals.
// Recording them is in ingest.ts; DynamoDB access in store.ts, the key design in keys.ts.
import * as z from 'zod/mini';
import { config } from '#shared/config/index';
import { NotFoundError, ValidationError } from '#shared/http/errors';
import { decodeCursor, encodeCursor } from '#shared/http/pagination';
import { lazySchema } from '#shared/http/route';
import type { DeployEvent, EngineerStats, engineerTotals } from '#shared/events/schemas';
import { eventSortKey } from '#shared/events/keys';
import * as store from '#shared/events/store';
import { daysCovered, dayOf, endOfDay, isDate, startOfDay } from '#shared/events/time';

export interface TimeRange {
  /** Sort keys (`<timestamp>#<id>`) bounding the range, both inclusive. */
  lower: string;
  upper: string;
  fromDate: string;
  toDate: string;
}

const FIRST_TIMESTAMP = '0000-01-01T00:00:00Z';
const LAST_TIMESTAMP = '9999-12-31T23:59:59Z';

/** A date-only `from` starts at its first second; a date-only `to` covers its whole day. */
export function timeRange(from: string | undefined, to: string | undefined): TimeRange {
  const fromTs = from === undefined ? FIRST_TIMESTAMP : isDate(from) ? startOfDay(from) : from;
  const toTs = to === undefined ? LAST_TIMESTAMP : isDate(to) ? endOfDay(to) : to;
  if (fromTs > toTs) {
    throw new ValidationError('from must not be after to', [{ field: 'query.from', message: `${from} is after ${to}` }]);
  }
  if (from !== undefined && to !== undefined) checkRangeDays(dayOf(fromTs), dayOf(toTs), 'query.to');
  // '#' < '$': every `${toTs}#<id>` sorts below `${toTs}$`.
  return { lower: `${fromTs}#`, upper: `${toTs}$`, fromDate: dayOf(fromTs), toDate: dayOf(toTs) };
}

export function checkRangeDays(fromDate: string, toDate: string, field: string): void {
  const { maxRangeDays } = config().events;
  const days = daysCovered(fromDate, toDate);
  if (days > maxRangeDays) {
    throw new ValidationError(`The range covers ${days} days; at most ${maxRangeDays} are allowed`, [
      { field, message: `at most ${maxRangeDays} days from from` },
    ]);
  }
}

const SORT_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z#[A-Za-z0-9._:@-]{1,128}$/;
const staleCursor = () =>
  new ValidationError('cursor is not valid for this list; start again without it', [
    { field: 'query.cursor', message: 'the cursor does not belong to this range' },
  ]);

function positionInRange(after: string | undefined, range: TimeRange): string | undefined {
  if (after !== undefined && (after < range.lower || after > range.upper)) throw staleCursor();
  return after;
}

export interface EventPage {
  events: DeployEvent[];
  nextCursor: string | null;
}

// What the lists' cursors hold (see LazySchema: the functions that load this module without listing build none).
const eventsCursor = lazySchema(() => z.object({ after: z.string().check(z.regex(SORT_KEY)) }));
const engineerEventsCursor = lazySchema(() => z.object({ engineer: z.string(), after: z.string().check(z.regex(SORT_KEY)) }));
const engineersCursor = lazySchema(() => z.object({ after: z.string().check(z.minLength(1), z.maxLength(256)) }));

/** Events with from <= timestamp <= to, by timestamp then id: one query per day that has events. */
export async function listEvents(query: { from: string; to: string; limit: number; cursor?: string }): Promise<EventPage> {
  const range = timeRange(query.from, query.to);
  const after = positionInRange(
    decodeCursor('events', query.cursor, eventsCursor())?.after,
    range,
  );
  const summaries = await store.daySummaries(after ? dayOf(after) : range.fromDate, range.toDate);
  const days = summaries.filter((summary) => summary.total > 0).map((summary) => summary.date);
  const events: DeployEvent[] = [];
  let more = false;
  for (const [index, date] of days.entries()) {
    const bounds = { lower: range.lower, upper: range.upper, after: after && dayOf(after) === date ? after : undefined };
    const page = await store.eventsOfDay(date, bounds, query.limit - events.length);
    events.push(...page.items);
    if (events.length === query.limit) {
      more = page.more || index < days.length - 1;
      break;
    }
  }
  const last = events.at(-1);
  return { events, nextCursor: more && last ? encodeCursor('events', { after: eventSortKey(last) }) : null };
}

/** An engineer's events, bounds optional: one index query a page. */
export async function listEngineerEvents(
  engineer: string,
  query: { from?: string; to?: string; limit: number; cursor?: string },
): Promise<EventPage> {
  const range = timeRange(query.from, query.to);
  const position = decodeCursor('engineer-events', query.cursor, engineerEventsCursor());
  if (position && position.engineer !== engineer) throw staleCursor();
  const after = positionInRange(position?.after, range);
  const page = await store.eventsOfEngineer(engineer, { lower: range.lower, upper: range.upper, after }, query.limit);
  const last = page.items.at(-1);
  return {
    events: page.items,
    nextCursor: page.more && last ? encodeCursor('engineer-events', { engineer, after: eventSortKey(last) }) : null,
  };
}

/** Engineers by name, with their event counts and first and last event times. */
export async function listEngineers(query: { limit: number; cursor?: string }): Promise<{ engineers: EngineerStats[]; nextCursor: string | null }> {
  const after = decodeCursor('engineers', query.cursor, engineersCursor())?.after;
  const page = await store.engineers(after, query.limit);
  const last = page.items.at(-1);
  return { engineers: page.items, nextCursor: page.more && last ? encodeCursor('engineers', { after: last.engineer }) : null };
}

/** One engineer's totals: events, counts by action, first and last seen; 404 when the engineer has no events. */
export async function getEngineer(engineer: string): Promise<z.output<ReturnType<typeof engineerTotals>>> {
  const stored = await store.engineer(engineer);
  if (!stored) throw new NotFoundError('No events for this engineer');
  const counted = Object.values(stored.actions).reduce((sum, count) => sum + count, 0);
  // An item from before the per-action counts: count once from the index instead.
  const actions = counted === stored.events ? stored.actions : await store.countActionsOfEngineer(engineer);
  return { ...stored, actions };
}
