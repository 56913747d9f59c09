// GET /api/v1/analysts/{id} -> the analyst, or 404
import { getAnalyst as route } from '#shared/assets/routes';
import { getAnalyst } from '#shared/assets/analysts';
import { httpHandler } from '#shared/http/handler';

export const handler = httpHandler(route, async ({ params }) => ({
  status: 200,
  body: await getAnalyst(params.id),
}));
