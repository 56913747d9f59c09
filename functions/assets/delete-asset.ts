// DELETE /api/v1/assets/{id} (scope assets:write) -> the deleted asset; 404 when gone
import { deleteAsset as route } from '#shared/assets/routes';
import { deleteAsset } from '#shared/assets/assets';
import { authenticatedHandler } from '#shared/http/auth';

export const handler = authenticatedHandler(route, async ({ params }) => ({
  status: 200,
  body: await deleteAsset(params.id),
}));
