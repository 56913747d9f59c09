// POST /api/v1/analysts {"name", "company"} (scope assets:write) -> 201 the analyst with its new id
import { createAnalyst as route } from '#shared/assets/routes';
import { createAnalyst } from '#shared/assets/analysts';
import { authenticatedHandler } from '#shared/http/auth';

export const handler = authenticatedHandler(route, async ({ body }) => ({
  status: 201,
  body: await createAnalyst(body),
}));
