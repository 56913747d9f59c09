// The OpenAPI 3.1 document of a stage, generated from the route descriptions (shared/<service>/routes.ts):
// the zod schemas that validate requests and shape responses are turned into JSON Schema by zod itself,
// so the document cannot drift from the code. Besides each route's own answers it documents the ones the
// handler factory (shared/http/handler.ts) can always give: 400 for a route with input schemas, 413/415
// for one with a body, 401/403 for one with `auth`, and 500/503 for every route.
import * as z from 'zod/mini';
import type { ExampleRequest, LazySchema, ResponseSpec, RouteSpec } from '#shared/http/route';
import { errorBody, errorResponse, errorResponses } from '#shared/openapi/error-responses';
import { jsonSchema, type JsonSchema } from '#shared/openapi/json-schema';
import { routeModules } from '#shared/openapi/routes';

export { jsonSchema, type JsonSchema };

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

const JSON_TYPE = 'application/json';

const serviceDescriptions: Record<string, string> = {
  platform: 'Health, this document and its interactive page',
  factorial: 'Exact factorials',
  users: 'A user store',
  events: 'A deployment-pipeline event store with engineer and daily summaries',
  pokemon: 'Shakespearean descriptions of Pokemon species',
  assets: 'An asset register: analysts, assets and subscriptions',
};

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
  const fromSchema = (schema: LazySchema<z.ZodMiniObject> | undefined, where: 'path' | 'query') => {
    if (!schema) return [];
    const object = jsonSchema(schema(), 'input');
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
    const schema = jsonSchema(spec.schema(), 'output');
    const types = [spec.contentType ?? JSON_TYPE].flat();
    response.content = Object.fromEntries(types.map((type) => [type, { schema }]));
  }
  return response;
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
                schema: jsonSchema(route.body(), 'input'),
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
