// Cutting a batch into DynamoDB transactions: within the limits, every event once, counts added up.
import fc from 'fast-check';
import { ITEMS_PER_EVENT, MAX_TRANSACTION_ITEMS, itemCount, markerKey, planTransactions, widening } from '#shared/events/transactions';

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

/** `count` events of ada on 2017-11-02, one a minute from 10:00. */
const minuteEvents = (count: number) =>
  Array.from({ length: count }, (_, n) => ({
    id: `e${n}`,
    sha: 'abcdef1',
    timestamp: new Date(Date.UTC(2017, 10, 2, 10, n)).toISOString().replace('.000Z', 'Z'),
    action: 'stage',
    engineer: 'ada',
  }));

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

  it("widens an engineer's stored span only where the transaction's events go beyond it", () => {
    const event = (id: string, engineer: string, time: string) => ({ id, sha: 'abcdef1', timestamp: `2017-11-02T${time}Z`, action: 'stage', engineer });
    const spans = new Map([
      ['ada', { firstSeen: '2017-11-01T00:00:00Z', lastSeen: '2017-11-02T10:30:00Z' }],
      ['bob', { firstSeen: '2017-11-02T12:30:00Z', lastSeen: '2017-11-03T00:00:00Z' }],
      ['cyd', { firstSeen: '2017-11-01T00:00:00Z', lastSeen: '2017-11-03T00:00:00Z' }],
    ]);
    const [plan] = planTransactions(
      [event('1', 'ada', '10:00:00'), event('2', 'ada', '11:00:00'), event('3', 'bob', '12:00:00'), event('4', 'cyd', '12:00:00'), event('5', 'dee', '09:00:00')],
      new Set(),
      spans,
    );
    expect(widening(plan!.engineers.get('ada')!)).toEqual({ firstSeen: undefined, lastSeen: '2017-11-02T11:00:00Z' });
    expect(widening(plan!.engineers.get('bob')!)).toEqual({ firstSeen: '2017-11-02T12:00:00Z', lastSeen: undefined });
    expect(widening(plan!.engineers.get('cyd')!)).toEqual({ firstSeen: undefined, lastSeen: undefined });
    // Not stored when read: no known span, the update creates it.
    expect(plan!.engineers.get('dee')!.known).toBeUndefined();
    expect(widening(plan!.engineers.get('dee')!)).toEqual({});
  });

  it('lets each transaction of a batch widen from the span its earlier transactions leave', () => {
    // 60 events of one engineer, one a minute: two transactions, the second entirely later than the first.
    const events = minuteEvents(60);
    const plans = planTransactions(events, new Set([markerKey('2017-11-02', 'ada')]), new Map([['ada', { firstSeen: '2017-11-02T10:30:00Z', lastSeen: '2017-11-02T10:30:00Z' }]]));
    expect(plans).toHaveLength(2);
    const [first, second] = plans.map((plan) => plan.engineers.get('ada')!);
    expect(widening(first!)).toEqual({ firstSeen: '2017-11-02T10:00:00Z', lastSeen: first!.lastSeen });
    expect(second!.known).toEqual({ firstSeen: '2017-11-02T10:00:00Z', lastSeen: first!.lastSeen });
    expect(widening(second!)).toEqual({ firstSeen: undefined, lastSeen: '2017-11-02T10:59:00Z' });
  });

  it('marks an engineer-day in the first transaction that has it, not again in the later ones', () => {
    // 60 events of one engineer on one day: two transactions, one marker.
    const events = minuteEvents(60);
    const plans = planTransactions(events, new Set());
    expect(plans).toHaveLength(2);
    expect(plans.map((plan) => [...plan.days.get('2017-11-02')!.newEngineers])).toEqual([['ada'], []]);
  });
});

