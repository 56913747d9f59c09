// 4. Scale of the event store: generated events loaded through the events service's own domain code
// (10,000, then 100,000 in all), and at each size the three reads its users make: a one-day range page,
// an engineer's page, a 30-day daily summary. Reads never scan, so their cost should not grow with
// history; a deliberately naive Scan-based summary, measured in the same run, shows what that avoids.
// The history grows forward in time at a fixed rate per day, so the measured day and engineer exist at
// both sizes and the per-day density is the same.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { tableName } from '#shared/config/index';
import { dynamo } from '#shared/dynamo/client';
import * as domain from '#shared/events/events';
import { recordEvents } from '#shared/events/ingest';
import { dateOfDayPartition } from '#shared/events/keys';
import type { DeployEvent } from '#shared/events/schemas';
import * as summaries from '#shared/events/summaries';
import { ratio, round, roundSummary, summarize, timeRuns, type Summary } from '../lib/stats';

export interface ScaleSize {
  events: number;
  ingestEventsPerSecond: number;
  oneDayPage: Summary;
  engineerPage: Summary;
  dailySummary30: Summary;
  naiveScanSummary30: Summary;
}

export type ScaleResult =
  | { available: false; reason: string }
  | {
      available: true;
      sizes: ScaleSize[];
      /** Largest size over smallest, per read (median): 1.0 means the cost does not grow with history. */
      growth: { oneDayPage: number; engineerPage: number; dailySummary30: number; naiveScanSummary30: number };
    };

const START = Date.UTC(2030, 0, 1);
const EVENTS_PER_DAY = 250;
const ENGINEERS = 20;
const ACTIONS = ['stage', 'deploy', 'build', 'rollback'];
const BATCH = 1000;
const CONCURRENT_BATCHES = 4;

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const generated = (index: number, runId: string): DeployEvent => ({
  id: `scale-${runId}-${index}`,
  sha: (index * 2654435761 % 2 ** 32).toString(16).padStart(8, '0') + 'abcdef',
  timestamp: iso(START + Math.floor((index * 86_400_000) / EVENTS_PER_DAY)),
  action: ACTIONS[index % ACTIONS.length]!,
  engineer: `engineer-${String(index % ENGINEERS).padStart(2, '0')}`,
});

/** The summary the events service keeps up to date on write, computed the naive way: scan everything. */
async function naiveDailySummary(from: string, to: string) {
  const days = new Map<string, { total: number; actions: Record<string, number>; engineers: Set<string> }>();
  let start: Record<string, unknown> | undefined;
  do {
    // Pages of 2,000 items: a full 1 MB page of this table takes DynamoDB Local longer than the client's 3 s timeout at 100k events.
    const page = await dynamo().send(new ScanCommand({ TableName: tableName('events'), ExclusiveStartKey: start, Limit: 2000 }));
    for (const item of page.Items ?? []) {
      const date = typeof item.pk === 'string' ? dateOfDayPartition(item.pk) : undefined;
      if (!date || date < from || date > to) continue;
      const day = days.get(date) ?? { total: 0, actions: {}, engineers: new Set<string>() };
      day.total += 1;
      day.actions[item.action] = (day.actions[item.action] ?? 0) + 1;
      day.engineers.add(item.engineer);
      days.set(date, day);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return days;
}

async function load(from: number, to: number, runId: string): Promise<number> {
  const started = performance.now();
  let next = from;
  const worker = async () => {
    while (next < to) {
      const first = next;
      next = Math.min(to, next + BATCH);
      const events = Array.from({ length: next - first }, (_, offset) => generated(first + offset, runId));
      const result = await recordEvents(events);
      if (result.created !== events.length) throw new Error(`Loading events: ${result.created} of ${events.length} created`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENT_BATCHES }, worker));
  return (to - from) / ((performance.now() - started) / 1000);
}

export async function measureEventsScale(sizes: number[], runs: number, runId: string): Promise<ScaleResult> {
  const day = iso(START).slice(0, 10); // the history's first day: the same events at every size
  const summaryFrom = iso(START).slice(0, 10);
  const summaryTo = iso(START + 29 * 86_400_000).slice(0, 10);
  const results: ScaleSize[] = [];
  let loaded = 0;
  for (const size of sizes) {
    const ingest = await load(loaded, size, runId);
    loaded = size;
    const oneDayPage = await timeRuns(runs, 2, async () => {
      const page = await domain.listEvents({ from: day, to: day, limit: 100 });
      if (page.events.length === 0) throw new Error('one-day page: no events');
    });
    const engineerPage = await timeRuns(runs, 2, () => domain.listEngineerEvents('engineer-07', { limit: 100 }));
    const dailySummary30 = await timeRuns(runs, 2, () => summaries.dailySummaries(summaryFrom, summaryTo));
    const naiveRuns = Math.max(3, Math.round(runs / 10));
    const naive = await timeRuns(naiveRuns, 1, () => naiveDailySummary(summaryFrom, summaryTo));
    results.push({
      events: size,
      ingestEventsPerSecond: round(ingest, 0),
      oneDayPage: roundSummary(summarize(oneDayPage)),
      engineerPage: roundSummary(summarize(engineerPage)),
      dailySummary30: roundSummary(summarize(dailySummary30)),
      naiveScanSummary30: roundSummary(summarize(naive)),
    });
  }
  const [small, large] = [results[0]!, results.at(-1)!];
  const growth = (pick: (size: ScaleSize) => Summary) => ratio(pick(large).median, pick(small).median);
  return {
    available: true,
    sizes: results,
    growth: {
      oneDayPage: growth((size) => size.oneDayPage),
      engineerPage: growth((size) => size.engineerPage),
      dailySummary30: growth((size) => size.dailySummary30),
      naiveScanSummary30: growth((size) => size.naiveScanSummary30),
    },
  };
}
