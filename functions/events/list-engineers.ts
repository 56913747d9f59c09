// GET /engineers?limit&cursor -> {"engineers": [{engineer, events, firstSeen, lastSeen}], "nextCursor"}
import { listEngineers } from '#shared/events/events';
import { listEngineers as route } from '#shared/events/routes';
import { httpHandler } from '#shared/http/handler';

export const handler = httpHandler(route, async ({ query }) => ({ status: 200, body: await listEngineers(query) }));
