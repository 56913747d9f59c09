import * as z from 'zod/mini';
import { defineRoute, lazySchema } from '#shared/http/route';
import { docsAssetFiles, docsAssetNames, docsContentSecurityPolicy } from '#shared/openapi/swagger-ui';

export const getHealth = defineRoute({
  service: 'platform',
  operationId: 'getHealth',
  method: 'GET',
  path: '/health',
  functionName: 'health',
  summary: 'Liveness of the API, with its stage and version',
  responses: {
    200: {
      description: 'The API answers',
      schema: lazySchema(() =>
        z
          .object({ status: z.literal('UP'), stage: z.string(), version: z.string() })
          .check(z.meta({ examples: [{ status: 'UP', stage: 'local', version: '1.0.0' }] })),
      ),
    },
  },
});

export const getRoot = defineRoute({
  service: 'platform',
  operationId: 'getRoot',
  method: 'GET',
  path: '/',
  functionName: 'root',
  summary: 'Redirects to the interactive documentation at /docs',
  responses: { 302: { description: 'Redirect to /docs', headers: { Location: 'Where the documentation is: `/docs`' } } },
});

/** Answers every request that no route matches (API Gateway's $default route). */
export const notFound = defineRoute({
  service: 'platform',
  operationId: 'notFound',
  method: 'GET',
  path: '/{proxy+}',
  catchAll: true,
  summary: 'Any path that is not a route of this API',
  responses: {},
  errors: { 404: 'No such route' },
  exampleRequests: { 404: { params: { 'proxy+': 'no/such/route' } } },
});

export const getOpenApiDocument = defineRoute({
  service: 'platform',
  operationId: 'getOpenApiDocument',
  method: 'GET',
  path: '/openapi.json',
  functionName: 'openApiDocument',
  // The route modules read their services' settings when they load (limits in the schemas), and the document
  // states the body size limit.
  settings: ['enabledServices', 'maxBodyBytes', 'factorial', 'events', 'pokemon'],
  summary: 'This document: the OpenAPI 3.1 description of every route this stage deploys',
  responses: {
    200: {
      description: 'The OpenAPI document',
      schema: lazySchema(() =>
        z.looseObject({
          openapi: z.string().check(z.regex(/^3\.1\.\d+$/)),
          info: z.looseObject({ title: z.string(), version: z.string() }),
          paths: z.record(z.string(), z.unknown()),
        }),
      ),
    },
  },
});

export const getDocs = defineRoute({
  service: 'platform',
  operationId: 'getDocs',
  method: 'GET',
  path: '/docs',
  functionName: 'docsPage',
  summary: 'Interactive documentation (Swagger UI) over this document',
  responses: { 200: { description: 'The Swagger UI page', contentType: 'text/html', schema: lazySchema(() => z.string()) } },
  contentSecurityPolicy: docsContentSecurityPolicy,
});

export const getDocsAsset = defineRoute({
  service: 'platform',
  operationId: 'getDocsAsset',
  method: 'GET',
  path: '/docs/{asset}',
  functionName: 'docsAsset',
  // Read from disk at run time (shared/openapi/swagger-ui.ts): the allow-list, and nothing else of the package.
  lambda: { files: docsAssetFiles },
  summary: 'A script or style sheet of the documentation page',
  params: lazySchema(() =>
    z.object({
      asset: z.string().check(
        z.regex(/^[A-Za-z0-9._-]+$/, 'asset must be a file name'),
        z.meta({ description: `One of: ${docsAssetNames.join(', ')}`, examples: ['swagger-ui.css'] }),
      ),
    }),
  ),
  responses: {
    200: {
      description: 'The file',
      contentType: ['text/css', 'text/javascript'],
      schema: lazySchema(() => z.string()),
      headers: { 'Cache-Control': 'How long a browser may keep the file' },
    },
  },
  errors: { 404: 'No such file' },
  exampleRequests: {
    400: { params: { asset: 'not a file name' } },
    404: { params: { asset: 'package.json' } },
  },
});
