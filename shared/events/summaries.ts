// Daily summaries: one entry per day of the range, oldest first, days without events as zeros, and the
// change from the previous day (also for the first day, whose previous day may lie outside the range).
// Read from the per-day counters that each write updates in its transaction (ingest-store.ts): one query.
import { ValidationError } from '#shared/http/errors';
import type { DaySummary } from '#shared/events/schemas';
import { checkRangeDays } from '#shared/events/events';
import { addDays, datesFrom } from '#shared/events/time';
import { daySummaries, type StoredDaySummary } from '#shared/events/store';

/**
 * Every action seen in the range or on the day before it appears in every day's `actions` (0 when
 * none that day), so that all days of one answer have the same keys.
 */
export async function dailySummaries(from: string, to: string): Promise<DaySummary[]> {
  if (from > to) throw new ValidationError('from must not be after to', [{ field: 'query.from', message: `${from} is after ${to}` }]);
  checkRangeDays(from, to, 'query.to');
  const stored = new Map((await daySummaries(addDays(from, -1), to)).map((summary) => [summary.date, summary]));
  const actionNames = [...new Set([...stored.values()].flatMap((summary) => Object.keys(summary.actions)))].sort();
  const counts = (summary: StoredDaySummary | undefined) =>
    Object.fromEntries(actionNames.map((action) => [action, summary?.actions[action] ?? 0]));

  // From the day before `from`: each day's change is against the day before it.
  const dates = datesFrom(addDays(from, -1), to);
  return dates.slice(1).map((date, index) => {
    const today = stored.get(date);
    const yesterday = stored.get(dates[index]!);
    const actions = counts(today);
    const previous = counts(yesterday);
    return {
      date,
      total: today?.total ?? 0,
      actions,
      engineers: today?.engineers ?? 0,
      change: {
        total: (today?.total ?? 0) - (yesterday?.total ?? 0),
        actions: Object.fromEntries(actionNames.map((action) => [action, actions[action]! - previous[action]!])),
      },
    };
  });
}

export async function dailySummary(date: string): Promise<DaySummary> {
  return (await dailySummaries(date, date))[0]!;
}
