import * as z from 'zod/mini';
import { defineRoute } from '#shared/http/route';

export const getHealth = defineRoute({
  service: 'platform',
  operationId: 'getHealth',
  method: 'GET',
  path: '/health',
  summary: 'Liveness of the API, with its stage and version',
  responses: {
    200: {
      description: 'The API answers',
      schema: z
        .object({ status: z.literal('UP'), stage: z.string(), version: z.string() })
        .check(z.meta({ examples: [{ status: 'UP', stage: 'local', version: '1.0.0' }] })),
    },
  },
});

export const getRoot = defineRoute({
  service: 'platform',
  operationId: 'getRoot',
  method: 'GET',
  path: '/',
  summary: 'Redirects to the interactive documentation at /docs',
  responses: { 302: { description: 'Redirect to /docs' } },
});

/** Answers every request that no route matches (API Gateway's $default route). */
export const notFound = defineRoute({
  service: 'platform',
  operationId: 'notFound',
  method: 'GET',
  path: '/{proxy+}',
  summary: 'Any path that is not a route of this API',
  responses: {},
  errors: { 404: 'No such route' },
});
