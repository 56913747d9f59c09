// The error answers of a route in the OpenAPI document: its own `errors`, plus the ones the handler factory can
// always give (400 for input, 401/403 for auth, 413/415 for a body, 500/503 for every route), with examples
// whose messages come from the code's own errors.
import {
  ApiError,
  ForbiddenError,
  PayloadTooLargeError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '#shared/http/errors';
import type { RouteSpec } from '#shared/http/route';
import * as z from 'zod/mini';
import type { DocumentOptions } from '#shared/openapi/document';
import { jsonSchema } from '#shared/openapi/json-schema';

/** The body of every error answer (shared/http/errors.ts writes it); the document's `Error` schema. Here, not beside
 * the errors: only the document needs it as a schema, and a function's cold start would build it for nothing. */
export const errorBody = z.object({
  error: z.string().check(z.meta({ description: 'One sentence a person can act on' })),
  details: z.optional(
    z.array(
      z.object({
        field: z.string().check(z.meta({ description: 'Where the problem is: `body.name`, `query.limit`, `path.userId`' })),
        message: z.string(),
      }),
    ),
  ),
});

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const JSON_TYPE = 'application/json';

/** The body the factory writes for a typed error, as the document's example: the messages come from the code.
 * (Not through describeError: shared/http/handler.ts loads Middy, which `npm run openapi` under tsx cannot.) */
const exampleOf = (error: ApiError) => (error.details ? { error: error.message, details: error.details } : { error: error.message });

export function errorResponse(description: string, example?: unknown, extraHeaders: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    description,
    headers: { 'X-Request-Id': { $ref: '#/components/headers/RequestId' }, ...extraHeaders },
    content: { [JSON_TYPE]: { schema: ERROR_REF, ...(example ? { example } : {}) } },
  };
}

/** The error answers of a route: its own `errors` plus the ones the factory can always give. */
export function errorResponses(route: RouteSpec, options: DocumentOptions): Record<string, Record<string, unknown>> {
  const own = route.errors ?? {};
  const describe = (status: number, fallback: string) => own[status] ?? fallback;
  const responses: Record<string, Record<string, unknown>> = {};
  if (route.query || route.params || route.body) {
    // The shape of a validation answer, on one of this route's own fields.
    const field = [
      ...Object.keys(route.params ? jsonSchema(route.params(), 'input').properties ?? {} : {}).map((name) => `path.${name}`),
      ...Object.keys(route.query ? jsonSchema(route.query(), 'input').properties ?? {} : {}).map((name) => `query.${name}`),
      'body',
    ][0]!;
    const problem = { field, message: 'Invalid input' };
    responses[400] = errorResponse(
      describe(400, 'The request is malformed; `details` names each field and what is wrong with it'),
      exampleOf(new ValidationError(problem.message, [problem])),
    );
  }
  if (route.auth) {
    responses[401] = errorResponse(describe(401, 'No token, or a bad, expired or wrong-audience one'), exampleOf(new UnauthorizedError()), {
      'WWW-Authenticate': { description: 'Always `Bearer`', schema: { type: 'string', const: 'Bearer' } },
    });
    responses[403] = errorResponse(
      describe(403, `The token does not carry the scope \`${route.auth.scope}\``),
      exampleOf(new ForbiddenError(route.auth.scope)),
    );
  }
  if (route.body) {
    responses[413] = errorResponse(
      describe(413, `The body is larger than ${options.maxBodyBytes} bytes`),
      exampleOf(new PayloadTooLargeError(options.maxBodyBytes)),
    );
    responses[415] = errorResponse(
      describe(415, 'The body is not sent as JSON (`Content-Type: application/json`)'),
      exampleOf(new UnsupportedMediaTypeError()),
    );
  }
  for (const [status, description] of Object.entries(own)) responses[status] ??= errorResponse(description);
  responses[500] = { $ref: '#/components/responses/InternalError' };
  responses[503] = { $ref: '#/components/responses/Unavailable' };
  return responses;
}
