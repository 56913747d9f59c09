// A route is described once, as data: method, path, input schemas, responses, auth.
// The same description validates requests (handler factory), types the handler's input,
// and documents the route (OpenAPI). Route modules import no AWS client, so the docs
// function can load them all cheaply.
import type * as z from 'zod/mini';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ResponseSpec {
  description: string;
  /** The JSON body's shape; omitted for bodiless answers (204, redirects). */
  schema?: z.ZodMiniType;
  /** Defaults to application/json. */
  contentType?: string;
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
  query?: z.ZodMiniObject;
  params?: z.ZodMiniObject;
  body?: z.ZodMiniType;
  /** The answers this route gives on success. */
  responses: Record<number, ResponseSpec>;
  /** The error statuses this route can give beyond the ones every route can (documented with the error shape). */
  errors?: Record<number, string>;
  /** Content-Security-Policy overrides, for the rare route that serves a page (the docs). */
  contentSecurityPolicy?: Record<string, string>;
}

/** Identity function that keeps the literal types of a route, for typed handler input. */
export const defineRoute = <const R extends RouteSpec>(route: R): R => route;

type Parsed<S> = S extends z.ZodMiniType ? z.output<S> : undefined;

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
