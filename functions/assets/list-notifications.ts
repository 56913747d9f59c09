// GET /api/v1/subscriptions/{id}/notifications?limit&cursor -> {"notifications": [...], "nextCursor": ...}; 404 when no such subscription
import { listNotifications as route } from '#shared/assets/routes';
import { listNotifications } from '#shared/assets/subscriptions';
import { httpHandler } from '#shared/http/handler';

export const handler = httpHandler(route, async ({ params, query }) => ({
  status: 200,
  body: await listNotifications(params.id, query.limit, query.cursor),
}));
