// GET /docs/{asset} -> one file of Swagger UI (an allow-list, see shared/openapi/swagger-ui.ts); others 404.
import { NotFoundError } from '#shared/http/errors';
import { httpHandler } from '#shared/http/handler';
import { docsAsset } from '#shared/openapi/swagger-ui';
import { getDocsAsset } from '#shared/platform/routes';

export const handler = httpHandler(getDocsAsset, ({ params }) => {
  const asset = docsAsset(params.asset);
  if (!asset) throw new NotFoundError('No such file');
  return {
    status: 200,
    body: asset.text,
    headers: { 'Content-Type': asset.contentType, 'Cache-Control': 'public, max-age=3600' },
  };
});
