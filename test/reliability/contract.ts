// Requests and expectations written against the contract (docs/API.md: users and events), shared by
// the fault and load tests, which reach the API in process or over HTTP through the same `Caller`.
import { createHash, randomBytes } from 'node:crypto';

export type Caller = (
  method: string,
  path: string,
  init?: { json?: unknown; headers?: Record<string, string> },
) => Promise<{ status: number; body: any; headers: Record<string, string | undefined> }>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A short id unique to this run, for ids that must not meet another test's. */
export const runId = () => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

export const userBody = (userId: string) => ({ userId, name: `Name of ${userId}` });

export interface PipelineEvent {
  id: string;
  sha: string;
  timestamp: string;
  action: string;
  engineer: string;
}

export const ACTIONS = ['stage', 'deploy', 'build'] as const;

export function pipelineEvent(id: string, engineer: string, day: string, secondOfDay: number, action: string): PipelineEvent {
  const time = new Date(Date.parse(`${day}T00:00:00Z`) + (secondOfDay % 86_400) * 1000).toISOString().replace('.000Z', 'Z');
  return { id, sha: createHash('sha1').update(id).digest('hex'), timestamp: time, action, engineer };
}

export const addDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** `count` consecutive days in a random stretch of 2001-2012 that no other test writes to. */
export function privateDays(count: number): string[] {
  const start = addDays('2001-01-01', Math.floor(Math.random() * 4000));
  return Array.from({ length: count }, (_, i) => addDays(start, i));
}

export interface DaySummary {
  total: number;
  actions: Record<string, number>;
  engineers: number;
}

/** The daily summaries the contract says `events` must produce, for the given days. */
export function expectedDays(events: Iterable<PipelineEvent>, days: string[]): Record<string, DaySummary> {
  const result: Record<string, DaySummary & { names: Set<string> }> = {};
  for (const day of days) result[day] = { total: 0, actions: {}, engineers: 0, names: new Set() };
  for (const event of events) {
    const day = result[event.timestamp.slice(0, 10)];
    if (!day) continue;
    day.total += 1;
    day.actions[event.action] = (day.actions[event.action] ?? 0) + 1;
    day.names.add(event.engineer);
  }
  return Object.fromEntries(Object.entries(result).map(([day, { names, ...rest }]) => [day, { ...rest, engineers: names.size }]));
}

/** What GET /summaries/daily answered, reduced to the same shape (zero counts dropped from `actions`). */
export function reportedDays(answer: { days: { date: string; total: number; actions: Record<string, number>; engineers: number }[] }) {
  return Object.fromEntries(
    answer.days.map((day) => [
      day.date,
      { total: day.total, actions: Object.fromEntries(Object.entries(day.actions).filter(([, n]) => n > 0)), engineers: day.engineers },
    ]),
  );
}

export function expectedEngineers(events: Iterable<PipelineEvent>) {
  const result: Record<string, { events: number; firstSeen: string; lastSeen: string }> = {};
  for (const event of events) {
    const entry = (result[event.engineer] ??= { events: 0, firstSeen: event.timestamp, lastSeen: event.timestamp });
    entry.events += 1;
    if (event.timestamp < entry.firstSeen) entry.firstSeen = event.timestamp;
    if (event.timestamp > entry.lastSeen) entry.lastSeen = event.timestamp;
  }
  return result;
}

/** Follows `nextCursor` to the end of a list and returns every item of `key`. */
export async function readAll<T>(call: Caller, path: string, key: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const answer = await call('GET', `${path}${separator}limit=1000${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (answer.status !== 200) throw new Error(`GET ${path} answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    items.push(...(answer.body[key] as T[]));
    cursor = answer.body.nextCursor;
  } while (cursor);
  return items;
}

/** Every event stored over `days` (the first to the last, inclusive), read page by page. */
export const storedEventsOver = (call: Caller, days: string[]) =>
  readAll<PipelineEvent>(call, `/events?from=${days[0]}&to=${days.at(-1)}`, 'events');

/** Checks that GET /summaries/daily over `days` answers the counts the contract says `events` produce. */
export async function expectSummariesOver(call: Caller, days: string[], events: Iterable<PipelineEvent>): Promise<void> {
  const answer = await call('GET', `/summaries/daily?from=${days[0]}&to=${days.at(-1)}`);
  expect(answer.status).toBe(200);
  expect(reportedDays(answer.body)).toEqual(expectedDays(events, days));
}

/** Normalises an ISO timestamp so that `...39Z` and `...39.000Z` compare equal. */
export const instant = (timestamp: string) => new Date(timestamp).toISOString();
