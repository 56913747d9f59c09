// GET /engineers/{engineer}/events?from&to&limit&cursor -> {"events": [...], "nextCursor"}
import { listEngineerEvents } from '#shared/events/events';
import { listEngineerEvents as route } from '#shared/events/routes';
import { httpHandler } from '#shared/http/handler';

export const handler = httpHandler(route, async ({ params, query }) => ({
  status: 200,
  body: await listEngineerEvents(params.engineer, query),
}));
