// GET /users?limit&cursor -> 200 {"users": [...], "nextCursor": <string|null>}
import { httpHandler } from '#shared/http/handler';
import { listUsers } from '#shared/users/routes';
import * as userStore from '#shared/users/store';

export const handler = httpHandler(listUsers, async ({ query }) => ({
  status: 200,
  body: await userStore.listUsers(query.limit, query.cursor),
}));
