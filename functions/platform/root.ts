// GET / -> 302 to the interactive documentation.
import { httpHandler } from '#shared/http/handler';
import { getRoot } from '#shared/platform/routes';

// An explicit type for the empty body: without one, API Gateway and sls offline label it application/json.
export const handler = httpHandler(getRoot, () => ({
  status: 302,
  headers: { Location: '/docs', 'Content-Type': 'text/plain; charset=utf-8' },
}));
