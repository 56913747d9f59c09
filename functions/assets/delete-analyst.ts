// DELETE /api/v1/analysts/{id} (scope assets:write) -> the deleted analyst; 404 when gone, 409 while it has assets
import { deleteAnalyst as route } from '#shared/assets/routes';
import { deleteAnalyst } from '#shared/assets/analysts';
import { authenticatedHandler } from '#shared/http/auth';

export const handler = authenticatedHandler(route, async ({ params }) => ({
  status: 200,
  body: await deleteAnalyst(params.id),
}));
