// GET /summaries/daily?from=<date>&to=<date> -> {"days": [...]}
import { getDailySummaries } from '#shared/events/routes';
import { dailySummaries } from '#shared/events/summaries';
import { httpHandler } from '#shared/http/handler';

export const handler = httpHandler(getDailySummaries, async ({ query }) => ({
  status: 200,
  body: { days: await dailySummaries(query.from, query.to) },
}));
