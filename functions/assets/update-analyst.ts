// PUT /api/v1/analysts/{id} {"id"?, "name", "company"} (scope assets:write) -> the replaced analyst, or 404; a body id other than the path's -> 400
import { withPathId } from '#shared/assets/body-id';
import { updateAnalyst as route } from '#shared/assets/routes';
import { replaceAnalyst } from '#shared/assets/analysts';
import { authenticatedHandler } from '#shared/http/auth';

export const handler = authenticatedHandler(route, async ({ params, body }) => ({
  status: 200,
  body: await replaceAnalyst(params.id, withPathId(params.id, body)),
}));
