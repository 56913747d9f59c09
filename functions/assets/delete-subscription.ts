// DELETE /api/v1/subscriptions/{id} (scope assets:write) -> the deleted subscription; 404 when gone
import { deleteSubscription as route } from '#shared/assets/routes';
import { deleteSubscription } from '#shared/assets/subscriptions';
import { authenticatedHandler } from '#shared/http/auth';

export const handler = authenticatedHandler(route, async ({ params }) => ({
  status: 200,
  body: await deleteSubscription(params.id),
}));
