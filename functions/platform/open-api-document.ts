// GET /openapi.json -> the OpenAPI 3.1 document of this stage.
// A deployed stage's bundle carries the document as text (PACKAGED_OPENAPI_DOCUMENT), built when the stage is packaged,
// in a fresh process with this function's own environment (config/esbuild-plugins.cjs): its cold start parses JSON
// instead of loading every route spec and turning their schemas into JSON Schema (about 90 ms). Local stages and
// tests build it here, once per cold start, so that an edited route shows in the document after a hot reload.
/* eslint-disable @typescript-eslint/no-require-imports -- required only where the document is built at cold start */
import { config } from '#shared/config/index';
import { httpHandler } from '#shared/http/handler';
import type { OpenApiDocument } from '#shared/openapi/document';
import { getOpenApiDocument } from '#shared/platform/routes';

declare const PACKAGED_OPENAPI_DOCUMENT: string;

// A constant at build time: esbuild keeps one branch, so a packaged bundle holds neither the route specs nor zod.
// Either way the answer is the document's JSON text, made once: 75 KB written again on every request took 0.2 ms.
const documentJson: string =
  typeof PACKAGED_OPENAPI_DOCUMENT === 'string'
    ? PACKAGED_OPENAPI_DOCUMENT
    : JSON.stringify((require('#shared/openapi/document') as typeof import('#shared/openapi/document')).openApiDocument(config()) satisfies OpenApiDocument);

export const handler = httpHandler(getOpenApiDocument, () => ({
  status: 200,
  body: documentJson,
  headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' },
}));
