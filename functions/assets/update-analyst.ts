// PUT /api/v1/analysts/{id} {"name", "company"} (scope assets:write) -> the replaced analyst, or 404
import { updateAnalyst as route } from '#shared/assets/routes';
import { replaceAnalyst } from '#shared/assets/analysts';
import { authenticatedHandler } from '#shared/http/auth';

export const handler = authenticatedHandler(route, async ({ params, body }) => ({
  status: 200,
  body: await replaceAnalyst(params.id, body),
}));
