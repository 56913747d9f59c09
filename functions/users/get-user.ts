// GET /users/{userId} -> 200 the user; 404 when unknown.
import { httpHandler } from '#shared/http/handler';
import { getUser } from '#shared/users/routes';
import * as userStore from '#shared/users/store';

export const handler = httpHandler(getUser, async ({ params }) => ({
  status: 200,
  body: await userStore.getUser(params.userId),
}));
