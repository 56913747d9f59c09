// Deployment events for tests: generated, on days and with engineers no other test uses (tests share
// one database), and the answers the API should give, computed here independently of the service code.
import { randomInt, randomUUID } from 'node:crypto';

export interface TestEvent {
  id: string;
  sha: string;
  timestamp: string;
  action: string;
  engineer: string;
}

const DAY_MS = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
export const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const shiftDate = (date: string, days: number) => dateOf(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS);

/** A run of `count` consecutive days that no other test picks (a random start in the years 2100-9000). */
export function uniqueDays(count: number): string[] {
  const first = Date.parse('2100-01-01T00:00:00Z') + randomInt(0, 2_500_000) * DAY_MS;
  return Array.from({ length: count }, (_, index) => dateOf(first + index * DAY_MS));
}

/** A name prefix no other test uses. */
export const uniquePrefix = (label: string) => `${label}-${randomUUID().slice(0, 8)}`;

/** A small deterministic PRNG, so that a failing case can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SampleOptions {
  days: string[];
  /** Events per day, in order of `days` (0 leaves a day empty). */
  perDay: number[];
  engineers: number;
  prefix: string;
  actions?: string[];
  seed?: number;
}

/** Events spread over the given days, several engineers, a few actions, some at the same second. */
export function sampleEvents({ days, perDay, engineers, prefix, actions = ['stage', 'deploy', 'rollback'], seed = 1 }: SampleOptions): TestEvent[] {
  const next = random(seed);
  const events: TestEvent[] = [];
  days.forEach((date, dayIndex) => {
    const midnight = Date.parse(`${date}T00:00:00Z`);
    for (let n = 0; n < (perDay[dayIndex] ?? 0); n++) {
      events.push({
        id: `${prefix}-${dayIndex}-${n}`,
        sha: Array.from({ length: 40 }, () => Math.floor(next() * 16).toString(16)).join(''),
        // Few distinct seconds, so that equal timestamps (ordered by id) occur.
        timestamp: iso(midnight + Math.floor(next() * 40) * 2_159_000),
        action: actions[Math.floor(next() * actions.length)]!,
        engineer: `${prefix}-eng-${Math.floor(next() * engineers)}`,
      });
    }
  });
  return events;
}

/** Ordered as the API orders events: timestamp, then id (byte order; test ids are ASCII). */
export const byTimestampThenId = (a: TestEvent, b: TestEvent) =>
  a.timestamp === b.timestamp ? (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) : a.timestamp < b.timestamp ? -1 : 1;

/** The daily summaries of `from`..`to` that docs/API.md describes, counted from the events themselves. */
export function expectedSummaries(events: TestEvent[], from: string, to: string) {
  const perDay = new Map<string, TestEvent[]>();
  for (const event of events) {
    const date = event.timestamp.slice(0, 10);
    perDay.set(date, [...(perDay.get(date) ?? []), event]);
  }
  const dates: string[] = [];
  for (let date = from; date <= to; date = shiftDate(date, 1)) dates.push(date);
  const actionNames = new Set<string>();
  for (const date of [shiftDate(from, -1), ...dates]) for (const event of perDay.get(date) ?? []) actionNames.add(event.action);
  const countActions = (date: string) => {
    const counts: Record<string, number> = {};
    for (const action of actionNames) counts[action] = (perDay.get(date) ?? []).filter((event) => event.action === action).length;
    return counts;
  };
  return dates.map((date) => {
    const today = perDay.get(date) ?? [];
    const yesterday = perDay.get(shiftDate(date, -1)) ?? [];
    const actions = countActions(date);
    const previous = countActions(shiftDate(date, -1));
    const change: Record<string, number> = {};
    for (const action of actionNames) change[action] = actions[action]! - previous[action]!;
    return {
      date,
      total: today.length,
      actions,
      engineers: new Set(today.map((event) => event.engineer)).size,
      change: { total: today.length - yesterday.length, actions: change },
    };
  });
}

/** /engineers entries for these events, by name. */
export function expectedEngineers(events: TestEvent[]) {
  const engineers = new Map<string, { engineer: string; events: number; firstSeen: string; lastSeen: string }>();
  for (const event of events) {
    const entry = engineers.get(event.engineer);
    if (!entry) engineers.set(event.engineer, { engineer: event.engineer, events: 1, firstSeen: event.timestamp, lastSeen: event.timestamp });
    else {
      entry.events += 1;
      if (event.timestamp < entry.firstSeen) entry.firstSeen = event.timestamp;
      if (event.timestamp > entry.lastSeen) entry.lastSeen = event.timestamp;
    }
  }
  return engineers;
}
