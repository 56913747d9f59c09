// POST /events (scope events:write): one event or {"events": [...]} -> 201 {"created", "duplicates"}
import { recordEvents } from '#shared/events/events';
import { postEvents } from '#shared/events/routes';
import { authenticatedHandler } from '#shared/http/auth';

export const handler = authenticatedHandler(postEvents, async ({ body }) => ({
  status: 201,
  body: await recordEvents('events' in body ? body.events : [body]),
}));
