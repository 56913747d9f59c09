// The OpenAPI generator on the real route modules and on routes made for the test.
import * as z from 'zod/mini';
import { defineRoute, lazySchema, type RouteSpec } from '#shared/http/route';
import { jsonSchema, openApiDocument, type Operation } from '#shared/openapi/document';

const options = { version: '1.2.3', enabledServices: ['factorial'], maxBodyBytes: 1000 };

const createThing = defineRoute({
  service: 'things',
  operationId: 'createThing',
  method: 'POST',
  path: '/things/{thingId}',
  summary: 'Creates a thing',
  auth: { scope: 'things:write' },
  params: lazySchema(() => z.object({ thingId: z.string().check(z.meta({ description: 'The id', examples: ['t1'] })) })),
  query: lazySchema(() => z.object({ dryRun: z.optional(z.enum(['true', 'false'])) })),
  body: lazySchema(() => z.object({ name: z.string(), size: z._default(z.number(), 1) })),
  responses: { 201: { description: 'Created', schema: lazySchema(() => z.object({ thingId: z.string(), count: z.bigint() })) } },
  errors: { 409: 'The thing exists' },
  exampleRequests: { 201: { params: { thingId: 'lamp' }, body: { name: 'Lamp' } } },
});
const getThing = defineRoute({
  service: 'things',
  operationId: 'getThing',
  method: 'GET',
  path: '/things',
  summary: 'Lists things',
  responses: { 200: { description: 'The things', schema: lazySchema(() => z.object({ things: z.array(z.string()) })) } },
});

const operationOf = (route: RouteSpec): Operation =>
  openApiDocument(options, [route]).paths[route.path]![route.method.toLowerCase()]!;

describe('openApiDocument', () => {
  it('is an OpenAPI 3.1 document served from a relative origin', () => {
    const document = openApiDocument(options);
    expect(document.openapi).toBe('3.1.0');
    expect(document.servers).toEqual([expect.objectContaining({ url: '/' })]);
    expect(document.info).toEqual(expect.objectContaining({ title: 'serverless-api', version: '1.2.3' }));
  });

  it('documents the routes of the services the stage deploys, and the platform routes', () => {
    const paths = Object.keys(openApiDocument(options).paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/factorial', '/health', '/openapi.json', '/docs', '/docs/{asset}']));
  });

  it('leaves out the routes of a service the stage does not deploy', () => {
    const paths = Object.keys(openApiDocument({ ...options, enabledServices: [] }).paths);
    expect(paths).not.toContain('/api/v1/factorial');
    expect(paths).toContain('/health');
  });

  it('documents path and query parameters from the zod objects, with their examples', () => {
    expect(operationOf(createThing).parameters).toEqual([
      { name: 'thingId', in: 'path', required: true, description: 'The id', schema: { type: 'string', examples: ['t1'] }, example: 'lamp' },
      { name: 'dryRun', in: 'query', required: false, schema: { type: 'string', enum: ['true', 'false'] } },
    ]);
  });

  it('documents the request body as sent (defaults optional), with the example request', () => {
    const content = (operationOf(createThing).requestBody as { content: Record<string, { schema: object; example: unknown }> }).content;
    expect(content['application/json']!.schema).toEqual(
      expect.objectContaining({ type: 'object', required: ['name'] }),
    );
    expect(content['application/json']!.example).toEqual({ name: 'Lamp' });
  });

  it('marks a protected route with the bearer scheme and its 401 and 403', () => {
    const document = openApiDocument(options, [createThing]);
    const operation = document.paths['/things/{thingId}']!.post!;
    expect(operation.security).toEqual([{ bearer: ['things:write'] }]);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403']));
    expect(operation.responses['401']!.headers).toHaveProperty('WWW-Authenticate');
    expect((document.components as { securitySchemes: object }).securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
    });
  });

  it('marks a public route with an empty security list and no 401 or 403', () => {
    const operation = operationOf(getThing);
    expect(operation.security).toEqual([]);
    expect(Object.keys(operation.responses)).toEqual(['200', '500', '503']);
  });

  it("documents the route's own errors and the factory's 400, 413 and 415 with the error schema", () => {
    const responses = operationOf(createThing).responses;
    expect(Object.keys(responses)).toEqual(['201', '400', '401', '403', '409', '413', '415', '500', '503']);
    for (const status of ['400', '409', '413', '415']) {
      expect((responses[status]!.content as Record<string, { schema: object }>)['application/json']!.schema).toEqual({
        $ref: '#/components/schemas/Error',
      });
    }
  });

  it('documents 503 with Retry-After and 500 on every route', () => {
    const document = openApiDocument(options);
    const unavailable = (document.components as { responses: Record<string, { headers: object }> }).responses.Unavailable!;
    expect(unavailable.headers).toHaveProperty('Retry-After');
    for (const methods of Object.values(document.paths)) {
      for (const operation of Object.values(methods)) {
        expect(operation.responses['500']).toEqual({ $ref: '#/components/responses/InternalError' });
        expect(operation.responses['503']).toEqual({ $ref: '#/components/responses/Unavailable' });
      }
    }
  });

  it('writes a bigint as a JSON integer', () => {
    const content = operationOf(createThing).responses['201']!.content as Record<string, { schema: { properties: object } }>;
    expect(content['application/json']!.schema.properties).toEqual({ thingId: { type: 'string' }, count: { type: 'integer' } });
  });

  it('refuses a schema that JSON Schema cannot describe instead of documenting it as anything', () => {
    expect(() => jsonSchema(z.object({ at: z.date() }), 'output')).toThrow('A zod date cannot be described');
  });
});
