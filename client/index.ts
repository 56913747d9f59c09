// The typed client of serverless-api: openapi-fetch over the types openapi-typescript generated from the
// API's OpenAPI document (./schema.d.ts, from ./openapi.json). Copy this folder or publish it; it needs only
// openapi-fetch at run time. It is TypeScript source: a bundler or tsx takes it as it is, tsc compiles it as part of
// the sources of a project it is copied into (the README, "The typed client").
//
//   const api = createApiClient({ baseUrl: 'https://api.example.com/dev', token: process.env.API_TOKEN });
//   const { data, error, response } = await api.GET('/users/{userId}', { params: { path: { userId: 'ada' } } });
//
// `data` is the typed body of a documented 2xx answer, `error` that of any other documented answer
// (`{ error, details? }`); `response` is the fetch Response (status, headers such as X-Request-Id).
import createClient, { type Client, type ClientOptions } from 'openapi-fetch';
import type { paths } from './schema';

export type { components, operations, paths } from './schema';

export type ApiClient = Client<paths>;

export interface ApiClientOptions extends Omit<ClientOptions, 'baseUrl'> {
  /** The API's origin and base path of the stage, without a trailing slash, e.g. `https://api.example.com/dev`. */
  baseUrl: string;
  /** A bearer token (JWT) sent on every request, or a function asked for one before each request. */
  token?: string | (() => string | undefined | Promise<string | undefined>);
}

export function createApiClient({ baseUrl, token, ...options }: ApiClientOptions): ApiClient {
  const client = createClient<paths>({ baseUrl: baseUrl.replace(/\/+$/, ''), ...options });
  if (token !== undefined) {
    client.use({
      async onRequest({ request }) {
        const value = typeof token === 'function' ? await token() : token;
        if (value) request.headers.set('Authorization', `Bearer ${value}`);
        return request;
      },
    });
  }
  return client;
}
