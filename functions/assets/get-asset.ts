// GET /api/v1/assets/{id} -> the asset, or 404
import { getAsset as route } from '#shared/assets/routes';
import { getAsset } from '#shared/assets/assets';
import { httpHandler } from '#shared/http/handler';

export const handler = httpHandler(route, async ({ params }) => ({
  status: 200,
  body: await getAsset(params.id),
}));
