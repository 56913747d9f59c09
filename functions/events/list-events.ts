// GET /events?from&to&limit&cursor -> {"events": [...], "nextCursor"}
import { listEvents } from '#shared/events/events';
import { listEvents as route } from '#shared/events/routes';
import { httpHandler } from '#shared/http/handler';

export const handler = httpHandler(route, async ({ query }) => ({ status: 200, body: await listEvents(query) }));
