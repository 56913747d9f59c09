// The partition keys a route spec or stream consumer declares (`leadingKeys` in its `data`, a consumer's stream filter)
// are strings; the keys the stores write come from the key builders (shared/events/keys.ts, shared/assets/keys.ts).
// This ties the two: each declared pattern matches, as IAM's StringLike does, the partition the builders give the
// entity it stands for, and no other entity's. A changed key prefix fails here, not as an AccessDenied in a stage.
import * as assetKeys from '#shared/assets/keys';
import * as eventKeys from '#shared/events/keys';
import type { DataAccess } from '#shared/http/route';
import { consumersOf, routesOf } from '../../../config/settings';
import { SERVICES } from '../../../config/stages';

const services = ['platform', ...SERVICES];
const date = '2024-02-29';

/** The partition key of each entity, as the builders write it: by table, or `<table>/<index>` for an index's key. */
const partitionsOf: Record<string, Record<string, string>> = {
  events: {
    'events of a day': eventKeys.dayKey({ timestamp: `${date}T12:00:00Z`, id: 'e-1' }).pk,
    'event claims': eventKeys.claimKey('e-1').pk,
    'daily summaries': eventKeys.summaryKey(date).pk,
    'engineers active on a day': eventKeys.markerItemKey(date, 'ada').pk,
    engineers: eventKeys.engineerKey('ada').pk,
  },
  'events/byEngineer': {
    "an engineer's events": eventKeys.engineerIndexKey('ada'),
  },
  assets: {
    'id counters': assetKeys.counterKey('asset').pk,
    analysts: assetKeys.analystKey(1).pk,
    assets: assetKeys.assetKey(2).pk,
    subscriptions: assetKeys.subscriptionKey(3).pk,
    subscribers: assetKeys.subscriberKey('asset::creation', 'ada@example.com').pk,
    topics: assetKeys.topicKey('asset::creation').pk,
    notifications: assetKeys.notificationKey(3, 2).pk,
  },
};

/** The entity each declared pattern stands for, by table (or index). A pattern not listed here fails the test. */
const grants: Record<string, Record<string, string>> = {
  events: { 'DAY#*': 'events of a day', SUMMARY: 'daily summaries', ENGINEERS: 'engineers' },
  assets: { SUBSCRIPTION: 'subscriptions', 'NOTIFICATIONS#*': 'notifications' },
};

/** The entity each consumer's stream filter (a partition key prefix) stands for, by table. */
const streamFilters: Record<string, Record<string, string>> = {
  assets: { 'NOTIFICATIONS#': 'notifications' },
};

/** IAM's StringLike: `*` any run of characters, `?` any one; everything else as written. */
const stringLike = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);

const scopeOf = ({ table, index }: DataAccess) => (index ? `${table}/${index}` : table);

const specs = [...routesOf(services), ...consumersOf(services)];
const declared = specs.flatMap((spec) => {
  const name = 'operationId' in spec ? (spec.functionName ?? spec.operationId) : spec.functionName;
  return (spec.data ?? []).flatMap((access) => (access.leadingKeys ?? []).map((pattern) => [name, access.actions.join(', '), scopeOf(access), pattern] as const));
});
const filters = consumersOf(services).map((consumer) => [consumer.functionName, consumer.stream.table, consumer.stream.filter.partitionKeyPrefix] as const);

describe('the leading keys route specs and consumers declare', () => {
  it('are declared by some functions (the table below is not empty)', () => {
    expect(declared.length).toBeGreaterThan(0);
  });

  it.each(declared)('%s (%s on %s): %s matches the partition the key builders write for its entity', (_name, _actions, scope, pattern) => {
    const entity = grants[scope]?.[pattern];
    expect(entity).toBeDefined();
    expect(partitionsOf[scope]![entity!]).toMatch(stringLike(pattern));
  });

  it.each(declared)("%s (%s on %s): %s matches no other entity's partition", (_name, _actions, scope, pattern) => {
    const entity = grants[scope]?.[pattern];
    const others = Object.entries(partitionsOf[scope] ?? {}).filter(([other]) => other !== entity);
    expect(others.filter(([, pk]) => stringLike(pattern).test(pk)).map(([other]) => other)).toEqual([]);
  });
});

describe('the stream filters consumers declare', () => {
  it.each(filters)("%s: on %s, the prefix %s selects its entity's partition and no other", (_name, table, prefix) => {
    const entity = streamFilters[table]?.[prefix];
    expect(entity).toBeDefined();
    const selected = Object.entries(partitionsOf[table]!).filter(([, pk]) => pk.startsWith(prefix)).map(([name]) => name);
    expect(selected).toEqual([entity]);
  });
});
