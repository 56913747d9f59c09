// Every request no route matches -> 404 {"error": "Not found"} in JSON (never API Gateway's own body).
import { httpHandler } from '#shared/http/handler';
import { NotFoundError } from '#shared/http/errors';
import { notFound } from '#shared/platform/routes';

export const handler = httpHandler(notFound, () => {
  throw new NotFoundError('Not found');
});
