// POST /events (scope events:write): one event or {"events": [...]} -> 201 {"created", "duplicates"}
import { recordEvents } from '#shared/events/ingest';
import { postEvents } from '#shared/events/routes';
import { authenticatedHandler } from '#shared/http/auth';
import { countMetric } from '#shared/observability/metrics';

export const handler = authenticatedHandler(postEvents, async ({ body }) => {
  const outcome = await recordEvents('events' in body ? body.events : [body]);
  countMetric('EventsIngested', outcome.created);
  countMetric('EventDuplicates', outcome.duplicates);
  return { status: 201, body: outcome };
});
