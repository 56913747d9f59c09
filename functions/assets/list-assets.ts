// GET /api/v1/assets?limit&cursor -> {"assets": [...], "nextCursor": ...}
import { listAssets as route } from '#shared/assets/routes';
import { listAssets } from '#shared/assets/assets';
import { httpHandler } from '#shared/http/handler';

export const handler = httpHandler(route, async ({ query }) => ({
  status: 200,
  body: await listAssets(query.limit, query.cursor),
}));
