// The assets service's stream consumers: functions fed by the assets table's stream (see shared/streams/consumer.ts).
import { defineStreamConsumer } from '#shared/streams/consumer';

/**
 * The relay of the notifications outbox: each notification item the asset-create transaction writes
 * (keys.ts) is sent by email and marked delivered, or failed with the reason (notifications-relay.ts).
 */
export const deliverNotifications = defineStreamConsumer({
  service: 'assets',
  functionName: 'deliverNotifications',
  summary: 'Sends the email of each new notification and marks it delivered or failed',
  stream: {
    table: 'assets',
    filter: { eventNames: ['INSERT'], partitionKeyPrefix: 'NOTIFICATIONS#' },
    batchSize: 10,
    maximumRetryAttempts: 3,
    bisectBatchOnFunctionError: true,
    deadLetterQueue: 'DeliverNotificationsDeadLetterQueue',
  },
  // The subscription and the notification, read consistently; the notification's delivered or failed mark.
  data: [
    { table: 'assets', actions: ['GetItem'], leadingKeys: ['SUBSCRIPTION', 'NOTIFICATIONS#*'] },
    { table: 'assets', actions: ['UpdateItem'], leadingKeys: ['NOTIFICATIONS#*'] },
  ],
  sendsEmail: true,
  settings: ['notifications'],
});
