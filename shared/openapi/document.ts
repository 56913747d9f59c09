// The OpenAPI 3.1 document of a stage, generated from the route descriptions (shared/<service>/routes.ts):
// the zod schemas that validate requests and shape responses are turned into JSON Schema by zod itself,
// so the document cannot drift from the code. Besides each route's own answers it documents the ones the
// handler factory (shared/http/handler.ts) can always give: 400 for a route with input schemas, 413/415
// for one with a body, 401/403 for one with `auth`, and 500/503 for every route.
import * as z from 'zod/mini';
import {
  ApiError,
  errorBody,
  ForbiddenError,
  PayloadTooLargeError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '#shared/http/errors';
import type { ExampleRequest, ResponseSpec, RouteSpec } from '#shared/http/route';
import { routeModules } from '#shared/openapi/routes';

export type JsonSchema = Record<string, unknown>;
export type OpenApiDocument = Record<string, unknown> & { paths: Record<string, Record<string, Operation>> };
export interface Operation {
  operationId: string;
  responses: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export interface DocumentOptions {
  version: string;
  /** The services this stage deploys; `platform` always is. */
  enabledServices: string[];
  maxBodyBytes: number;
}

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const JSON_TYPE = 'application/json';

const serviceDescriptions: Record<string, string> = {
  platform: 'Health, this document and its interactive page',
  factorial: 'Exact factorials',
  users: 'A user store',
  events: 'A deployment-pipeline event store with engineer and daily summaries',
  pokemon: 'Shakespearean descriptions of Pokemon species',
  assets: 'An asset register: analysts, assets and subscriptions',
};

/** Zod types JSON Schema cannot describe; a route schema using one is a mistake to fix, not to hide. */
const unrepresentable = new Set(['date', 'map', 'set', 'symbol', 'function', 'nan', 'undefined', 'void', 'transform', 'custom', 'promise']);

/** A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect). Requests are described as sent (`input`). */
export function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
  const result = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema: out }) => {
      const type = (zodSchema as unknown as { _zod: { def: { type: string } } })._zod.def.type;
      // Our JSON writer prints a bigint as an integer literal with every digit (shared/http/json.ts).
      if (type === 'bigint') out.type = 'integer';
      else if (unrepresentable.has(type)) throw new Error(`A zod ${type} cannot be described in the OpenAPI document`);
    },
  }) as JsonSchema;
  delete result.$schema;
  return result;
}

/** Every route of the API with the service it belongs to, in the order of `routeModules`. */
export function allRoutes(): Array<{ service: string; route: RouteSpec }> {
  return Object.entries(routeModules).flatMap(([service, module]) =>
    Object.values(module as Record<string, RouteSpec>).map((route) => ({ service, route })),
  );
}

/** The routes a stage deploys. */
export function stageRoutes(enabledServices: string[]): RouteSpec[] {
  return allRoutes()
    .filter(({ service }) => service === 'platform' || enabledServices.includes(service))
    .map(({ route }) => route);
}

/** The first success status of a route: the one whose example request fills the document's examples. */
export const firstSuccessStatus = (route: RouteSpec): number | undefined =>
  Object.keys(route.responses).map(Number).sort((a, b) => a - b)[0];

const hasPlaceholder = (value: unknown) => JSON.stringify(value ?? null).includes('{{');

function documentedExample(route: RouteSpec): ExampleRequest | undefined {
  const status = firstSuccessStatus(route);
  const example = status === undefined ? undefined : route.exampleRequests?.[status];
  return example && !hasPlaceholder(example) && !example.notOverHttp ? example : undefined;
}

function parameters(route: RouteSpec): Record<string, unknown>[] {
  const example = documentedExample(route);
  const fromSchema = (schema: z.ZodMiniObject | undefined, where: 'path' | 'query') => {
    if (!schema) return [];
    const object = jsonSchema(schema, 'input');
    const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((object.required ?? []) as string[]);
    return Object.entries(properties).map(([name, property]) => {
      const { description, ...propertySchema } = property;
      const value = (where === 'path' ? example?.params : example?.query)?.[name] ?? (property.examples as unknown[])?.[0];
      return {
        name,
        in: where,
        required: where === 'path' || required.has(name),
        ...(description ? { description } : {}),
        schema: propertySchema,
        ...(value !== undefined ? { example: value } : {}),
      };
    });
  };
  return [...fromSchema(route.params, 'path'), ...fromSchema(route.query, 'query')];
}

function successResponse(spec: ResponseSpec): Record<string, unknown> {
  const headers: Record<string, unknown> = { 'X-Request-Id': { $ref: '#/components/headers/RequestId' } };
  for (const [name, description] of Object.entries(spec.headers ?? {})) headers[name] = { description, schema: { type: 'string' } };
  const response: Record<string, unknown> = { description: spec.description, headers };
  if (spec.schema) {
    const schema = jsonSchema(spec.schema, 'output');
    const types = [spec.contentType ?? JSON_TYPE].flat();
    response.content = Object.fromEntries(types.map((type) => [type, { schema }]));
  }
  return response;
}

/** The body the factory writes for a typed error, as the document's example: the messages come from the code.
 * (Not through describeError: shared/http/handler.ts loads Middy, which `npm run openapi` under tsx cannot.) */
const exampleOf = (error: ApiError) => (error.details ? { error: error.message, details: error.details } : { error: error.message });

function errorResponse(description: string, example?: unknown, extraHeaders: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    description,
    headers: { 'X-Request-Id': { $ref: '#/components/headers/RequestId' }, ...extraHeaders },
    content: { [JSON_TYPE]: { schema: ERROR_REF, ...(example ? { example } : {}) } },
  };
}

/** The error answers of a route: its own `errors` plus the ones the factory can always give. */
function errorResponses(route: RouteSpec, options: DocumentOptions): Record<string, Record<string, unknown>> {
  const own = route.errors ?? {};
  const describe = (status: number, fallback: string) => own[status] ?? fallback;
  const responses: Record<string, Record<string, unknown>> = {};
  if (route.query || route.params || route.body) {
    // The shape of a validation answer, on one of this route's own fields.
    const field = [
      ...Object.keys(route.params ? jsonSchema(route.params, 'input').properties ?? {} : {}).map((name) => `path.${name}`),
      ...Object.keys(route.query ? jsonSchema(route.query, 'input').properties ?? {} : {}).map((name) => `query.${name}`),
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

function operation(route: RouteSpec, options: DocumentOptions): Operation {
  const params = parameters(route);
  const example = documentedExample(route);
  const responses: Record<string, Record<string, unknown>> = {};
  for (const [status, spec] of Object.entries(route.responses)) responses[status] = successResponse(spec);
  Object.assign(responses, errorResponses(route, options));
  const auth = route.auth ? `\n\nNeeds a bearer token (JWT) with the scope \`${route.auth.scope}\`.` : '';
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description || auth ? { description: `${route.description ?? ''}${auth}`.trim() } : {}),
    tags: [route.service],
    // An empty list marks a public route explicitly (no token needed).
    security: route.auth ? [{ bearer: [route.auth.scope] }] : [],
    ...(params.length ? { parameters: params } : {}),
    ...(route.body
      ? {
          requestBody: {
            required: true,
            content: {
              [JSON_TYPE]: {
                schema: jsonSchema(route.body, 'input'),
                ...(example?.body !== undefined ? { example: example.body } : {}),
              },
            },
          },
        }
      : {}),
    responses: Object.fromEntries(Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b))),
  };
}

/** The OpenAPI 3.1 document of the routes a stage deploys (or of the routes given). */
export function openApiDocument(options: DocumentOptions, routes = stageRoutes(options.enabledServices)): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    (paths[route.path] ??= {})[route.method.toLowerCase()] = operation(route, options);
  }
  const services = [...new Set(routes.map((route) => route.service))];
  return {
    openapi: '3.1.0',
    info: {
      title: 'serverless-api',
      version: options.version,
      summary: 'One HTTP API, many small functions',
      description:
        'Requests and responses are JSON unless a route says otherwise. Every error is `{"error": "<sentence>"}`; ' +
        'validation errors add `details`. Every response carries `X-Request-Id`. List endpoints page with `limit` ' +
        '(1..1000, default 100) and an opaque `cursor`; the answer has `nextCursor` (a string, or null on the last page). ' +
        'Any path that is not a route answers 404 `{"error": "Not found"}`.',
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    // Relative: "Try it out" calls the origin that served the page, whichever stage that is.
    servers: [{ url: '/', description: 'The API that serves this document' }],
    tags: services.map((name) => ({ name, description: serviceDescriptions[name] ?? name })),
    paths,
    components: {
      schemas: { Error: jsonSchema(errorBody, 'output') },
      ...(routes.some((route) => route.auth)
        ? {
            securitySchemes: {
              bearer: {
                type: 'http',
                scheme: 'bearer',
                bearerFormat: 'JWT',
                description: 'A JWT whose space-separated `scope` claim carries the scope a route names',
              },
            },
          }
        : {}),
      headers: {
        RequestId: {
          description: 'The id of this request; the function log line of the request carries the same id',
          schema: { type: 'string' },
        },
      },
      responses: {
        InternalError: errorResponse('Something failed; the message says only that, with the request id'),
        Unavailable: errorResponse(
          'A dependency (the database) is unavailable for now; retry after `Retry-After` seconds',
          undefined,
          {
            'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'string', pattern: '^[0-9]+$' } },
          },
        ),
      },
    },
  };
}
