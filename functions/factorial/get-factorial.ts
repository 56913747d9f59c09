// GET /api/v1/factorial?number=N -> {"number": N, "factorial": N!}
import { factorial } from '#shared/factorial/factorial';
import { getFactorial } from '#shared/factorial/routes';
import { httpHandler } from '#shared/http/handler';

export const handler = httpHandler(getFactorial, ({ query }) => ({
  status: 200,
  body: { number: query.number, factorial: factorial(query.number) },
}));
