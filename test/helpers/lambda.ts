// Invoking a handler in process with a real API Gateway HTTP API (payload v2) event.
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import type { RouteSpec } from '#shared/http/route';

export interface EventInput {
  method?: string;
  /** The route key path, e.g. `/users/{userId}`. */
  routePath?: string;
  /** The concrete path, e.g. `/users/ada`. */
  path: string;
  query?: Record<string, string>;
  pathParameters?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string;
  json?: unknown;
  isBase64Encoded?: boolean;
}

export function apiGatewayEvent(input: EventInput): APIGatewayProxyEventV2 {
  const method = input.method ?? 'GET';
  const headers: Record<string, string> = { host: 'localhost', ...input.headers };
  let body = input.body;
  if (input.json !== undefined) {
    body = JSON.stringify(input.json);
    headers['content-type'] ??= 'application/json';
  }
  const rawQueryString = new URLSearchParams(input.query ?? {}).toString();
  return {
    version: '2.0',
    routeKey: `${method} ${input.routePath ?? input.path}`,
    rawPath: input.path,
    rawQueryString,
    headers,
    queryStringParameters: input.query,
    pathParameters: input.pathParameters,
    body,
    isBase64Encoded: input.isBase64Encoded ?? false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'localhost',
      http: { method, path: input.path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' },
      requestId: randomUUID(),
      routeKey: `${method} ${input.routePath ?? input.path}`,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
    },
  };
}

export function lambdaContext(): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: 'test',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:test',
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: '/aws/lambda/test',
    logStreamName: 'test',
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

type Handler = (event: APIGatewayProxyEventV2, context: Context) => Promise<unknown>;

export interface InvokeResult {
  statusCode: number;
  headers: Record<string, string>;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  rawBody: string | undefined;
}

/** Runs the handler (its whole Middy stack) on the event and parses the JSON body. */
export async function invoke(handler: Handler, input: EventInput): Promise<InvokeResult> {
  const result = (await handler(apiGatewayEvent(input), lambdaContext())) as APIGatewayProxyStructuredResultV2;
  let body: unknown;
  try {
    body = result.body === undefined ? undefined : JSON.parse(result.body);
  } catch {
    body = undefined;
  }
  return {
    statusCode: result.statusCode ?? 200,
    headers: (result.headers ?? {}) as Record<string, string>,
    body,
    rawBody: result.body,
  };
}

/**
 * Invokes `handler` as API Gateway would for `route`: its method and route path from the route spec, the concrete
 * path from the route's template with `params` filled in as given (raw, as a test may send any segment).
 */
export function invokeRoute(
  handler: Handler,
  route: Pick<RouteSpec, 'method' | 'path'>,
  input: Omit<EventInput, 'method' | 'path' | 'routePath' | 'pathParameters'> & { params?: Record<string, string> } = {},
): Promise<InvokeResult> {
  const { params, ...rest } = input;
  const path = route.path.replace(/\{([^}]+)\}/g, (_, name: string) => params?.[name] ?? '');
  return invoke(handler, { ...rest, method: route.method, routePath: route.path, path, ...(params ? { pathParameters: params } : {}) });
}
