// GET /engineers/{engineer} -> {engineer, events, actions: {<action>: count}, firstSeen, lastSeen}; 404 without events.
import { getEngineer } from '#shared/events/events';
import { getEngineer as route } from '#shared/events/routes';
import { httpHandler } from '#shared/http/handler';

export const handler = httpHandler(route, async ({ params }) => ({ status: 200, body: await getEngineer(params.engineer) }));
