// The assets table's stream, new notification items only -> each one's email sent, and the notification marked
// delivered or failed (shared/assets/notifications-relay.ts); failed records go back to the stream as partial
// batch failures.
import { deliverNotifications } from '#shared/assets/consumers';
import { relayNotification } from '#shared/assets/notifications-relay';
import { streamHandler } from '#shared/streams/handler';

export const handler = streamHandler(deliverNotifications, (key) => relayNotification(key));
