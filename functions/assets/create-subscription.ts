// POST /api/v1/subscriptions {"email", "topic"?} (scope assets:write) -> 201 the subscription (topic asset::creation when left out); 409 if already subscribed
import { createSubscription as route } from '#shared/assets/routes';
import { createSubscription } from '#shared/assets/subscriptions';
import { authenticatedHandler } from '#shared/http/auth';

export const handler = authenticatedHandler(route, async ({ body }) => ({
  status: 201,
  body: await createSubscription(body),
}));
