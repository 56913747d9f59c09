// Cutting a batch into DynamoDB transactions: within the limits, every event once, counts added up.
import fc from 'fast-check';
import { ITEMS_PER_EVENT, MAX_TRANSACTION_ITEMS, itemCount, markerKey, planTransactions } from '#shared/events/transactions';

const eventArbitrary = fc.record({
  id: fc.string({ minLength: 1, maxLength: 8 }),
  sha: fc.constant('abcdef1'),
  timestamp: fc
    .integer({ min: 0, max: 20 * 86_400 - 1 })
    .map((seconds) => new Date(Date.UTC(2017, 9, 20) + seconds * 1000).toISOString().replace('.000Z', 'Z')),
  action: fc.constantFrom('stage', 'deploy'),
  engineer: fc.constantFrom(...Array.from({ length: 150 }, (_, n) => `eng-${n}`)),
});
const batchArbitrary = fc.uniqueArray(eventArbitrary, { minLength: 1, maxLength: 1000, selector: (event) => event.id });

describe('planTransactions', () => {
  it('keeps every transaction within 100 items and writes each event exactly once', () => {
    fc.assert(
      fc.property(batchArbitrary, (events) => {
        const plans = planTransactions(events, new Set());
        for (const plan of plans) expect(itemCount(plan)).toBeLessThanOrEqual(MAX_TRANSACTION_ITEMS);
        expect(plans.flatMap((plan) => plan.events.map((event) => event.id)).sort()).toEqual(events.map((event) => event.id).sort());
      }),
      { numRuns: 30 },
    );
  });

  it('adds up the counts of one day into one summary update per transaction', () => {
    fc.assert(
      fc.property(batchArbitrary, (events) => {
        for (const plan of planTransactions(events, new Set())) {
          const totals = new Map<string, number>();
          for (const event of plan.events) totals.set(event.timestamp.slice(0, 10), (totals.get(event.timestamp.slice(0, 10)) ?? 0) + 1);
          expect(new Map([...plan.days].map(([date, day]) => [date, day.total]))).toEqual(totals);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('marks an engineer active on a day only once, and not when already marked', () => {
    const event = (id: string, engineer: string, time: string) => ({ id, sha: 'abcdef1', timestamp: `2017-11-02T${time}Z`, action: 'stage', engineer });
    const [plan] = planTransactions(
      [event('1', 'ada', '10:00:00'), event('2', 'ada', '11:00:00'), event('3', 'bob', '12:00:00')],
      new Set([markerKey('2017-11-02', 'bob')]),
    );
    expect([...plan!.days.get('2017-11-02')!.newEngineers]).toEqual(['ada']);
    expect(itemCount(plan!)).toBe(3 * ITEMS_PER_EVENT + 1 + 1 + 2);
  });
});
