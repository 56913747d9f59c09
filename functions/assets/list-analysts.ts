// GET /api/v1/analysts?limit&cursor -> {"analysts": [...], "nextCursor": ...}
import { listAnalysts as route } from '#shared/assets/routes';
import { listAnalysts } from '#shared/assets/analysts';
import { httpHandler } from '#shared/http/handler';

export const handler = httpHandler(route, async ({ query }) => ({
  status: 200,
  body: await listAnalysts(query.limit, query.cursor),
}));
