// The one way to build an endpoint: `httpHandler(route, handle)`.
// It wraps `handle` in a Middy stack that, in this order:
//   1. gives every request an id (API Gateway's) and every response X-Request-Id + security headers;
//   2. rejects bodies over the configured size (413) and non-JSON bodies (415, 400);
//   3. checks the bearer token when the route asks for a scope (401, 403);
//   4. validates query, path and body against the route's schemas (400 with details);
//   5. turns typed errors into the contract's JSON errors, and anything else into a 5xx that says
//      only that something failed, with the request id;
//   6. writes one structured log line per request, and (in a deployed stage that traces, for a function that calls
//      something downstream) ends the invocation's X-Ray subsegment, opened first thing (shared/observability/tracing.ts).
import middy from '@middy/core';
import httpErrorHandler from '@middy/http-error-handler';
import httpJsonBodyParser from '@middy/http-json-body-parser';
import httpSecurityHeaders from '@middy/http-security-headers';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import type * as z from 'zod/mini';
import { config } from '#shared/config/index';
import { PayloadTooLargeError, ValidationError, type FieldProblem } from '#shared/http/errors';
import { describeError } from '#shared/http/failures';
import { toJson } from '#shared/http/json';
import { log } from '#shared/http/log';
import { publishRequestMetrics } from '#shared/observability/metrics';
import { currentTraceId, endInvocationTrace, startInvocationTrace } from '#shared/observability/tracing';
import type { AuthContext, Reply, RouteInput, RouteSpec } from '#shared/http/route';

export type HttpEvent = APIGatewayProxyEventV2;
export type HttpResponse = APIGatewayProxyStructuredResultV2;
/** What the factory builds: a Lambda handler for API Gateway HTTP API (payload v2) events. */
export type HttpLambda = (event: HttpEvent, context: Context) => Promise<HttpResponse>;
type HttpContext = Context & { requestId: string; auth?: AuthContext };
type Internal = { startedAt: number; failure?: Error };
type Request = middy.Request<HttpEvent, HttpResponse, Error, HttpContext, Internal>;
type Middleware = middy.MiddlewareObj<HttpEvent, HttpResponse, Error, HttpContext, Internal>;

const JSON_TYPE = 'application/json; charset=utf-8';

/** Checks the request's Authorization header for a scope; see shared/http/auth.ts. */
export type Authenticate = (authorization: string | undefined, scope: string) => Promise<AuthContext>;

export interface HandlerOptions {
  /** Required when the route has `auth`; passed by `authenticatedHandler`, so that only protected
   * functions bundle the JWT library. */
  authenticate?: Authenticate;
}

export function httpHandler<R extends RouteSpec>(
  route: R,
  handle: (input: RouteInput<R>) => Promise<Reply<R>> | Reply<R>,
  options: HandlerOptions = {},
): HttpLambda {
  const routeKey = `${route.method} ${route.path}`;
  if (route.auth && !options.authenticate) {
    throw new Error(`${routeKey} requires a token: build its handler with authenticatedHandler`);
  }

  const lambda = middy<HttpEvent, HttpResponse, Error, HttpContext, Internal>()
    .use(requestLifecycle(routeKey))
    // Middy's types say string values; at run time a false value drops the directive (see RouteSpec).
    .use(httpSecurityHeaders(route.contentSecurityPolicy ? { contentSecurityPolicy: route.contentSecurityPolicy as Record<string, string> } : {}))
    .use(httpErrorHandler({ logger: false }))
    .use(contractErrors());
  if (route.auth && options.authenticate) lambda.use(bearerAuth(options.authenticate, route.auth.scope));
  if (route.body) lambda.use(bodyLimit()).use(httpJsonBodyParser());

  const handler = lambda.handler(async (event, context) => {
    const input = {
      query: parse(route.query?.(), event.queryStringParameters ?? {}, 'query'),
      params: parse(route.params?.(), event.pathParameters ?? {}, 'path'),
      body: parse(route.body?.(), event.body, 'body'),
      auth: context.auth,
      requestId: context.requestId,
    } as RouteInput<R>;
    const reply = await handle(input);
    return toResponse(reply as Reply);
  });
  return handler as unknown as HttpLambda;
}

function toResponse(reply: Reply): HttpResponse {
  const headers: Record<string, string> = { ...reply.headers };
  if (reply.body === undefined) return { statusCode: reply.status, headers };
  if (typeof reply.body === 'string' && headers['Content-Type']) {
    return { statusCode: reply.status, headers, body: reply.body };
  }
  return { statusCode: reply.status, headers: { 'Content-Type': JSON_TYPE, ...headers }, body: toJson(reply.body) };
}

function parse(schema: z.ZodMiniType | undefined, value: unknown, where: 'query' | 'path' | 'body') {
  if (!schema) return undefined;
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems: FieldProblem[] = result.error.issues.flatMap(closestUnionOption).map((issue) => ({
    field: [where, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
  // Two checks of one field can fail with the same message (`1_0` is neither digits nor a number in range): say it once.
  const details = problems.filter((problem, index) => problems.findIndex((p) => p.field === problem.field && p.message === problem.message) === index);
  throw new ValidationError(details[0]?.message ?? 'The request is invalid', details);
}

/**
 * A value that matched no option of a union: report the problems of the option it came closest to
 * (fewest problems), with their real paths, instead of a bare "Invalid input".
 */
function closestUnionOption(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  const closest = issue.errors.reduce((best, option) => (option.length < best.length ? option : best));
  return closest.flatMap((inner) => closestUnionOption({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue));
}

/** Request id in, X-Request-Id and one log line out, whatever happened in between. */
function requestLifecycle(routeKey: string): Middleware {
  const finish = (request: Request) => {
    const response = (request.response ??= { statusCode: 500 });
    response.headers = { ...response.headers, 'X-Request-Id': request.context.requestId };
    const status = response.statusCode ?? 200;
    const fields: Record<string, unknown> = {
      requestId: request.context.requestId,
      method: request.event.requestContext?.http?.method,
      route: routeKey,
      path: request.event.rawPath,
      status,
      durationMs: Math.round((performance.now() - (request.internal.startedAt)) * 100) / 100,
    };
    const traceId = currentTraceId();
    if (traceId) fields.traceId = traceId;
    const failure = request.internal.failure;
    if (status >= 500 && failure) fields.error = { name: failure.name, message: failure.message, stack: failure.stack };
    log(status >= 500 ? 'error' : 'info', 'request', fields);
    publishRequestMetrics(routeKey, status, fields.durationMs as number);
    endInvocationTrace({ status, error: failure });
  };
  return {
    before: (request: Request) => {
      startInvocationTrace();
      request.internal.startedAt = performance.now();
      // The global Web Crypto, loaded only when used: API Gateway always sends an id.
      request.context.requestId = apiGatewayRequestId(request.event) ?? crypto.randomUUID();
    },
    after: finish,
    onError: finish,
  }
}

/** serverless-offline gives every request the same placeholder id; a real one is unique per request. */
const OFFLINE_PLACEHOLDER_ID = 'offlineContext_resourceId';
function apiGatewayRequestId(event: HttpEvent): string | undefined {
  const id = event.requestContext?.requestId;
  return id && id !== OFFLINE_PLACEHOLDER_ID ? id : undefined;
}

/** Maps whatever was thrown to an exposed HTTP error whose message is the contract's JSON body. */
function contractErrors(): Middleware {
  return {
    onError: (request: Request) => {
      if (request.response !== undefined) return;
      const { status, body, headers } = describeError(request.error, request.context.requestId);
      request.internal.failure = request.error ?? undefined;
      request.error = Object.assign(new Error(JSON.stringify(body)), {
        statusCode: status,
        expose: true,
        headers: { ...headers, 'Content-Type': JSON_TYPE },
      });
    },
  }
}

function bodyLimit(): Middleware {
  return {
    before: ({ event }) => {
      // API Gateway sends a string or nothing; sls offline sends null, 0 or false for those JSON bodies.
      if (typeof event.body !== 'string') return;
      const bytes = event.isBase64Encoded ? Math.floor((event.body.length * 3) / 4) : Buffer.byteLength(event.body);
      if (bytes > config().maxBodyBytes) throw new PayloadTooLargeError(config().maxBodyBytes);
    },
  };
}

function bearerAuth(authenticate: Authenticate, scope: string): Middleware {
  return {
    before: async (request: Request) => {
      request.context.auth = await authenticate(request.event.headers?.authorization, scope);
    },
  }
}
