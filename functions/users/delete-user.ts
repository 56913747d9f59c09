// DELETE /users/{userId} -> 204; 404 when unknown.
import { httpHandler } from '#shared/http/handler';
import { deleteUser } from '#shared/users/routes';
import * as userStore from '#shared/users/store';

export const handler = httpHandler(deleteUser, async ({ params }) => {
  await userStore.deleteUser(params.userId);
  return { status: 204 };
});
