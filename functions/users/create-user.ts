// POST /users {"userId", "name"} -> 201 the user; 409 when the userId exists (conditional write).
import { httpHandler } from '#shared/http/handler';
import { createUser } from '#shared/users/routes';
import * as userStore from '#shared/users/store';

export const handler = httpHandler(createUser, async ({ body }) => ({
  status: 201,
  body: await userStore.createUser(body),
}));
