// GET /openapi.json -> the OpenAPI 3.1 document of this stage, built once per cold start from the routes.
import { config } from '#shared/config/index';
import { httpHandler } from '#shared/http/handler';
import { openApiDocument } from '#shared/openapi/document';
import { getOpenApiDocument } from '#shared/platform/routes';

const document = openApiDocument(config());

export const handler = httpHandler(getOpenApiDocument, () => ({
  status: 200,
  body: document,
  headers: { 'Cache-Control': 'no-cache' },
}));
