import * as z from 'zod/mini';
import { settingNow } from '#shared/config/index';
import { defineRoute, lazySchema } from '#shared/http/route';

const { maxNumber } = settingNow('factorial');
const outOfRange = `number must be a whole number from 0 to ${maxNumber}, written with digits only`;

const number = lazySchema(() =>
  z.pipe(
    z
      .string({ error: (issue) => (issue.input === undefined ? 'Please supply number parameter' : outOfRange) })
      .check(
        z.regex(/^[0-9]+$/, outOfRange),
        z.refine((digits) => Number(digits) <= maxNumber, outOfRange),
        z.meta({ description: `A whole number from 0 to ${maxNumber}, digits only`, examples: ['5'] }),
      ),
    z.transform(Number),
  ),
);

export const getFactorial = defineRoute({
  service: 'factorial',
  operationId: 'getFactorial',
  method: 'GET',
  path: '/api/v1/factorial',
  lambda: { memoryMb: 1024 }, // CPU-bound: more memory buys a bigger CPU share for 100000!
  summary: 'The exact factorial of a number',
  description: 'Every digit, as a JSON integer literal (no rounding, no exponent, no quotes).',
  query: lazySchema(() => z.object({ number: number() })),
  responses: {
    200: {
      description: 'N and N!',
      schema: lazySchema(() =>
        z.object({ number: z.number().check(z.int()), factorial: z.bigint() }).check(z.meta({ examples: [{ number: 5, factorial: 120 }] })),
      ),
    },
  },
});
