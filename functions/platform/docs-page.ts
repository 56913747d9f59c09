// GET /docs -> Swagger UI over /openapi.json; its scripts and styles come from GET /docs/{asset}.
import { httpHandler } from '#shared/http/handler';
import { docsPage } from '#shared/openapi/swagger-ui';
import { getDocs } from '#shared/platform/routes';

export const handler = httpHandler(getDocs, () => ({
  status: 200,
  body: docsPage,
  headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' },
}));
