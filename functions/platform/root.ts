// GET / -> 302 to the interactive documentation.
import { httpHandler } from '#shared/http/handler';
import { getRoot } from '#shared/platform/routes';

export const handler = httpHandler(getRoot, () => ({ status: 302, headers: { Location: '/docs' } }));
