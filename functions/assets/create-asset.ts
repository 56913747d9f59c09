// POST /api/v1/assets (scope assets:write) -> 201 the asset with its new id; 400 when its analyst does not exist.
// Notifies every asset::creation subscriber in the same transaction.
import { createAsset as route } from '#shared/assets/routes';
import { createAsset } from '#shared/assets/assets';
import { authenticatedHandler } from '#shared/http/auth';

export const handler = authenticatedHandler(route, async ({ body }) => ({
  status: 201,
  body: await createAsset(body),
}));
