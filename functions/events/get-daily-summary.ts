// GET /summaries/daily/{date} -> one day's summary
import { getDailySummary } from '#shared/events/routes';
import { dailySummary } from '#shared/events/summaries';
import { httpHandler } from '#shared/http/handler';

export const handler = httpHandler(getDailySummary, async ({ params }) => ({
  status: 200,
  body: await dailySummary(params.date),
}));
