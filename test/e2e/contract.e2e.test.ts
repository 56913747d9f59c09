// The contract test: walks the OpenAPI document and, for every route and documented answer, sends a real
// request to sls offline and checks the status, the content type, the documented headers and the body
// against the documented schema. How each request is chosen: test/helpers/contract.ts. Answers no request
// can provoke (500, 503, or a route's `notOverHttp`) are listed as such, each as its own test.
import Ajv2020 from 'ajv/dist/2020';
import { config } from '#shared/config/index';
import type { RouteSpec } from '#shared/http/route';
import { allRoutes, openApiDocument, type Operation } from '#shared/openapi/document';
import { planFor, sendExample } from '../helpers/contract';

const document = openApiDocument(config());
const routesById = new Map<string, RouteSpec>(allRoutes().map(({ route }) => [route.operationId, route]));

// Formats are not checked: zod writes a `pattern` beside every `format` it emits, and the pattern is checked.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema(document, 'openapi.json');

type Json = Record<string, unknown>;
const deref = (value: Json): Json => {
  const ref = value.$ref as string | undefined;
  if (!ref) return value;
  return ref.slice(2).split('/').reduce<Json>((node, key) => node[key.replace(/~1/g, '/').replace(/~0/g, '~')] as Json, document);
};
const pointer = (...tokens: string[]) =>
  tokens.map((token) => encodeURIComponent(token.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ path, method, operation: operation as Operation })),
);

describe('the OpenAPI document against the running API', () => {
  it('describes only routes of the code, each once', () => {
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(routesById.has(id)).toBe(true);
  });

  describe.each(operations)('$method $path', ({ path, method, operation }) => {
    const route = routesById.get(operation.operationId)!;
    const statuses = Object.keys(operation.responses).map(Number);

    for (const status of statuses) {
      const response = deref(operation.responses[status]!);
      const plan = planFor(route, status, config().maxBodyBytes);

      if (plan.kind === 'not-over-http') {
        it(`does not provoke ${status} over HTTP (${plan.reason}); documents it with the error schema`, () => {
          const content = response.content as Record<string, Json>;
          expect(content['application/json']!.schema).toEqual({ $ref: '#/components/schemas/Error' });
          if (status === 503) expect(Object.keys(response.headers as Json)).toContain('Retry-After');
        });
        continue;
      }

      if (plan.kind === 'missing') {
        it(`has a request that provokes ${status} (${response.description})`, () => {
          throw new Error(`No request for this answer. ${plan.reason} (shared/http/route.ts, ExampleRequest)`);
        });
        continue;
      }

      it(`answers ${status} (${response.description}) as documented`, async () => {
        const answer = await sendExample(route, plan.example);
        expect({ status: answer.status, body: answer.text.slice(0, 300) }).toEqual({ status, body: expect.any(String) });

        for (const name of Object.keys((response.headers ?? {}) as Json)) {
          expect({ header: name, value: answer.headers.get(name) }).toEqual({ header: name, value: expect.any(String) });
        }

        const content = response.content as Record<string, Json> | undefined;
        if (!content) {
          expect(answer.text).toBe('');
          return;
        }
        const contentType = answer.headers.get('content-type') ?? '';
        const documentedType = Object.keys(content).find((type) => contentType.startsWith(type));
        expect({ contentType, documented: documentedType !== undefined }).toEqual({ contentType, documented: true });

        const responseRef = operation.responses[status]!.$ref as string | undefined;
        const responsePointer = responseRef ? responseRef.slice(2) : pointer('paths', path, method, 'responses', String(status));
        const validate = ajv.getSchema(`openapi.json#/${responsePointer}/${pointer('content', documentedType!, 'schema')}`)!;
        const body = documentedType === 'application/json' ? JSON.parse(answer.text) : answer.text;
        const valid = validate(body);
        expect({ body: answer.text.slice(0, 500), errors: validate.errors ?? [] }).toEqual({
          body: answer.text.slice(0, 500),
          errors: [],
        });
        expect(valid).toBe(true);
      });
    }
  });
});
