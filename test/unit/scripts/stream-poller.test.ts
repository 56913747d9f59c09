// The local poller hands a consumer exactly the records Lambda's filter pattern would (config/functions.ts).
import { deliverNotifications } from '#shared/assets/consumers';
import { notificationsPartition, partitions } from '#shared/assets/keys';
import { selects } from '../../../scripts/stream-poller';

const record = (eventName: string, pk: string | undefined) => ({
  eventName: eventName as 'INSERT',
  dynamodb: pk === undefined ? { Keys: { pk: { S: 'X' } } } : { NewImage: { pk: { S: pk } } },
});

describe('the poller filter of deliverNotifications', () => {
  it('selects a new notification item', () => {
    expect(selects(deliverNotifications, record('INSERT', notificationsPartition(12)))).toBe(true);
  });

  it('leaves out other items, changes of notifications (its own marks), removals and records without a new image', () => {
    expect(selects(deliverNotifications, record('INSERT', partitions.asset))).toBe(false);
    expect(selects(deliverNotifications, record('MODIFY', notificationsPartition(12)))).toBe(false);
    expect(selects(deliverNotifications, record('REMOVE', notificationsPartition(12)))).toBe(false);
    expect(selects(deliverNotifications, record('INSERT', undefined))).toBe(false);
  });
});
