// GET /api/v1/factorial?number=N -> {"number": N, "factorial": N!}
import { factorial } from '#shared/factorial/factorial';
import { getFactorial } from '#shared/factorial/routes';
import { httpHandler } from '#shared/http/handler';
import { countMetric } from '#shared/observability/metrics';

export const handler = httpHandler(getFactorial, ({ query }) => {
  countMetric('FactorialNumber', query.number); // the size of the work asked for, to spot heavy callers
  return { status: 200, body: { number: query.number, factorial: factorial(query.number) } };
});
