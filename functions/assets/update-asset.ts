// PUT /api/v1/assets/{id} (scope assets:write) -> the replaced asset; 404 when missing, 400 when its analyst does not exist
// or the body's id (optional) is not the path's
import { withPathId } from '#shared/assets/body-id';
import { updateAsset as route } from '#shared/assets/routes';
import { replaceAsset } from '#shared/assets/assets';
import { authenticatedHandler } from '#shared/http/auth';

export const handler = authenticatedHandler(route, async ({ params, body }) => ({
  status: 200,
  body: await replaceAsset(params.id, withPathId(params.id, body)),
}));
