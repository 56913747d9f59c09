// The contract test's choice of request for each documented answer (test/helpers/contract.ts).
import * as z from 'zod/mini';
import { defineRoute, lazySchema } from '#shared/http/route';
import { fillPath, planFor } from '../../helpers/contract';

const protectedBodyRoute = defineRoute({
  service: 'things',
  operationId: 'putThing',
  method: 'PUT',
  path: '/things/{thingId}',
  summary: 'Replaces a thing',
  auth: { scope: 'things:write' },
  params: lazySchema(() => z.object({ thingId: z.string() })),
  body: lazySchema(() => z.object({ name: z.string() })),
  responses: { 200: { description: 'Replaced' } },
  errors: { 404: 'No such thing', 502: 'The upstream failed' },
  exampleRequests: {
    200: { params: { thingId: 'lamp' }, body: { name: 'Lamp' }, setup: [{ method: 'POST', path: '/things', body: { name: 'x' } }] },
    502: { notOverHttp: 'needs the upstream down' },
  },
});
const sendOf = (status: number) => {
  const plan = planFor(protectedBodyRoute, status, 100);
  if (plan.kind !== 'send') throw new Error(`expected a request, got ${plan.kind}`);
  return plan.example;
};

describe('planFor', () => {
  it('sends the example of a success answer with its setup', () => {
    expect(sendOf(200)).toEqual(protectedBodyRoute.exampleRequests[200]);
  });

  it('derives 401 as the success request without a token and without its setup', () => {
    expect(sendOf(401)).toEqual({ params: { thingId: 'lamp' }, body: { name: 'Lamp' }, token: 'none' });
  });

  it('derives 401 with the setup when the success request takes a value from the setup', () => {
    const route = defineRoute({
      ...protectedBodyRoute,
      exampleRequests: {
        200: { setup: [{ method: 'POST', path: '/things', body: { name: 'x' } }], params: { thingId: '{{0.id}}' }, body: { name: 'Lamp' } },
      },
    });
    const plan = planFor(route, 401, 100);
    expect(plan).toEqual({ kind: 'send', example: { ...route.exampleRequests[200], token: 'none' } });
  });

  it('derives 403 as the success request with a token lacking the scope', () => {
    expect(sendOf(403).token).toBe('without-scope');
  });

  it('derives 413 from a body over the size limit', () => {
    expect(sendOf(413).rawBody!.text.length).toBeGreaterThan(100);
  });

  it('derives 415 from a text/plain body and 400 from malformed JSON', () => {
    expect(sendOf(415).rawBody!.contentType).toBe('text/plain');
    expect(sendOf(400).rawBody).toEqual({ text: '{', contentType: 'application/json' });
  });

  it('lists 500, 503 and a declared answer as not provoked over HTTP, with the reason', () => {
    expect(planFor(protectedBodyRoute, 500, 100)).toEqual({ kind: 'not-over-http', reason: expect.any(String) });
    expect(planFor(protectedBodyRoute, 503, 100).kind).toBe('not-over-http');
    expect(planFor(protectedBodyRoute, 502, 100)).toEqual({ kind: 'not-over-http', reason: 'needs the upstream down' });
  });

  it('reports a route error without an example as missing, naming the route and status', () => {
    expect(planFor(protectedBodyRoute, 404, 100)).toEqual({
      kind: 'missing',
      reason: expect.stringContaining('putThing (PUT /things/{thingId}): give the route exampleRequests[404]'),
    });
  });

  it('builds a success request from the schema examples when the route gives none', () => {
    const route = defineRoute({
      service: 'things', operationId: 'getThing', method: 'GET', path: '/things/{thingId}', summary: 'A thing',
      params: lazySchema(() => z.object({ thingId: z.string().check(z.meta({ examples: ['lamp'] })) })),
      responses: { 200: { description: 'The thing' } },
    });
    expect(planFor(route, 200, 100)).toEqual({ kind: 'send', example: { params: { thingId: 'lamp' }, query: undefined } });
  });
});

describe('fillPath', () => {
  it('encodes a path parameter, and a greedy one segment by segment', () => {
    expect(fillPath('/users/{userId}', { userId: 'a b/c' })).toBe('/users/a%20b%2Fc');
    expect(fillPath('/{proxy+}', { 'proxy+': 'a b/c' })).toBe('/a%20b/c');
  });
});
