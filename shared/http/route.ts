// A route is described once, as data: method, path, input schemas, responses, auth, and the data it touches.
// The same description validates requests (handler factory), types the handler's input, documents the route
// (OpenAPI), and deploys it: config/functions.ts turns each route into its function (handler, httpApi event,
// its own IAM role, its environment). Route modules import no AWS client, so the docs function and the
// configuration builder can load them all cheaply.
import type * as z from 'zod/mini';
import type { Section, TableKey } from '#shared/config/environment';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * A schema built on its first use, then kept: `lazySchema(() => z.object(...))`. A service declares dozens of
 * schemas and a function uses two or three of them (the responses' only in the document), so a function's cold
 * start builds only the ones its requests use. Schemas at module scope are written this way, and a schema made
 * of others calls them: `z.array(userSchema())`.
 */
export type LazySchema<S extends z.ZodMiniType = z.ZodMiniType> = () => S;

export function lazySchema<S extends z.ZodMiniType>(build: () => S): LazySchema<S> {
  let schema: S | undefined;
  return () => (schema ??= build());
}

export interface ResponseSpec {
  description: string;
  /** The JSON body's shape; omitted for bodiless answers (204, redirects). */
  schema?: LazySchema;
  /** Defaults to application/json; a list when the answer comes in several types (e.g. CSS or JavaScript). */
  contentType?: string | string[];
  /** Headers this answer carries beyond the ones every answer does: name -> what it means. */
  headers?: Record<string, string>;
}

/**
 * A request that gets one documented answer from a route. The contract test (test/e2e/contract.e2e.test.ts)
 * sends it and checks the answer against the document; the one of the first success status also
 * pre-fills the document's parameter and body examples (and so Swagger UI's "Try it out").
 */
export interface ExampleRequest {
  /** Path parameter values: `{ userId: 'ada' }`. */
  params?: Record<string, string>;
  query?: Record<string, string>;
  /** A JSON body. */
  body?: unknown;
  /** A body sent as is, with its content type (e.g. malformed JSON). */
  rawBody?: { text: string; contentType: string };
  /** For a route with `auth`: the token to send; by default a valid one with the route's scope. */
  token?: 'none' | 'without-scope';
  /**
   * Requests sent first, in order, to put the data in the state this example needs (e.g. create the user it
   * reads). A string "{{n.field}}" in params, query or body is replaced by `field` of the JSON answer of call n.
   */
  setup?: ExampleCall[];
  /** Why this answer cannot be provoked over HTTP in a test run (the contract test lists it instead). */
  notOverHttp?: string;
}

export interface ExampleCall {
  method: HttpMethod;
  /** A concrete path: `/api/v1/analysts`. */
  path: string;
  body?: unknown;
  /** Send a valid token carrying these scopes (space-separated). */
  scope?: string;
}

/** A DynamoDB action a function may call (IAM `dynamodb:<action>`; a transaction's items count as Put/Update/Delete). */
export type DynamoAction =
  | 'GetItem'
  | 'PutItem'
  | 'UpdateItem'
  | 'DeleteItem'
  | 'Query'
  | 'Scan'
  | 'BatchGetItem'
  | 'BatchWriteItem'
  | 'ConditionCheckItem';

/** What a function does with one table: its role grants exactly this, and its environment names the table. */
export interface DataAccess {
  table: TableKey;
  actions: DynamoAction[];
  /** The index it queries instead of the table itself. */
  index?: string;
  /** The partition keys it may touch (`dynamodb:LeadingKeys`); a trailing `*` matches a prefix. */
  leadingKeys?: string[];
}

/** An IAM statement for anything `data` cannot say (another AWS service). */
export interface IamStatement {
  Effect: 'Allow';
  Action: string[];
  /** ARNs (CloudFormation values), or "*" for actions that support no resource-level scoping. */
  Resource: unknown[] | '*';
  Condition?: Record<string, unknown>;
}

/** Lambda settings that the route cannot imply. */
export interface LambdaSettings {
  timeoutSeconds?: number;
  memoryMb?: number;
  /** Files of production dependencies the function reads at run time, shipped beside its bundle. */
  files?: readonly string[];
}

export interface RouteSpec {
  /** A short name of the service, used as the OpenAPI tag (e.g. "users"). */
  service: string;
  operationId: string;
  method: HttpMethod;
  /** The path as API Gateway and OpenAPI write it: `/users/{userId}`. */
  path: string;
  summary: string;
  description?: string;
  /** A bearer JWT carrying this scope is required. */
  auth?: { scope: string };
  query?: LazySchema<z.ZodMiniObject>;
  params?: LazySchema<z.ZodMiniObject>;
  body?: LazySchema;
  /** The answers this route gives on success. */
  responses: Record<number, ResponseSpec>;
  /** The error statuses this route can give beyond the ones every route can (documented with the error shape). */
  errors?: Record<number, string>;
  /** Example requests by status, for the answers the contract test cannot derive on its own (see ExampleRequest). */
  exampleRequests?: Partial<Record<number, ExampleRequest>>;
  /** Content-Security-Policy overrides, for the rare route that serves a page (the docs); false drops a directive. */
  contentSecurityPolicy?: Record<string, string | false>;

  // How it is deployed (config/functions.ts). The handler is `functions/<service>/<function-name>.ts`, the
  // function name in kebab case, exporting `handler`.
  /** The deployed function's name when it is not the operationId. Deployed names are an interface: never rename one. */
  functionName?: string;
  /** API Gateway's `$default` route: every request no other route matches. */
  catchAll?: true;
  /** Every table the function touches and how. */
  data?: readonly DataAccess[];
  iam?: readonly IamStatement[];
  /** Configuration sections the function reads beyond those its route implies (see config/environment.ts). */
  settings?: readonly Section[];
  lambda?: LambdaSettings;
}

/** Identity function that keeps the literal types of a route, for typed handler input. */
export const defineRoute = <const R extends RouteSpec>(route: R): R => route;

type Parsed<S> = S extends LazySchema<infer T> ? z.output<T> : undefined;

export interface AuthContext {
  subject: string;
  scopes: string[];
}

export interface RouteInput<R extends RouteSpec> {
  query: Parsed<R['query']>;
  params: Parsed<R['params']>;
  body: Parsed<R['body']>;
  auth: R['auth'] extends object ? AuthContext : undefined;
  requestId: string;
}

type SuccessStatus<R extends RouteSpec> = Extract<keyof R['responses'], number>;

/** What a handler returns: a status among the route's documented ones, a body, optional headers. */
export interface Reply<R extends RouteSpec = RouteSpec> {
  status: SuccessStatus<R>;
  body?: unknown;
  headers?: Record<string, string>;
}
