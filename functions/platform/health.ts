// GET /health -> {"status": "UP", "stage": ..., "version": ...}
import { config } from '#shared/config/index';
import { httpHandler } from '#shared/http/handler';
import { getHealth } from '#shared/platform/routes';

export const handler = httpHandler(getHealth, () => ({
  status: 200,
  body: { status: 'UP', stage: config().stage, version: config().version },
}));
